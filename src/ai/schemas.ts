import { normalizeTag } from '../domain/tags.ts';
import { z } from 'zod';
import { ContentType, Platform } from '../domain/enums.ts';
import { captionLimits } from '../domain/lifecycles.ts';
import { limits } from '../domain/fields.ts';
import type { CampaignPlan, Classification, ClassificationRequest, GeneratedContent, ReplyDraft } from './types.ts';

// What a provider must return. Every value that passes is also accepted by the API's own input
// validation (campaign, content and message services), so generated output can be stored as is.

/** The API's MAX_DURATION_DAYS for campaigns. */
const MAX_CAMPAIGN_DAYS = 365;
const MAX_CALENDAR_ENTRIES = 1_000;
const MAX_HASHTAGS = 30;

const text = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);

export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day as HH:MM (24-hour)');

export const calendarEntrySchema = z.object({
  day: z.number().int().min(1).max(MAX_CAMPAIGN_DAYS),
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  theme: text(limits.shortText),
});

export const campaignPlanSchema = z.object({
  name: text(limits.name),
  strategySummary: text(limits.longText),
  contentStyle: text(limits.shortText),
  visualStyle: text(limits.shortText),
  hashtagStrategy: text(limits.shortText),
  ctaPattern: text(limits.shortText),
  optimalTimes: z.array(timeOfDaySchema).min(1).max(24),
  postingFrequency: z.number().int().min(0).max(100),
  estimatedCost: z.number().min(0).max(1e9),
  contentCalendar: z.array(calendarEntrySchema).min(1).max(MAX_CALENDAR_ENTRIES),
}) satisfies z.ZodType<CampaignPlan>;

/** A plan whose calendar stays within the campaign's days. */
export function campaignPlanFor(durationDays: number) {
  return campaignPlanSchema.superRefine((plan, ctx) => {
    plan.contentCalendar.forEach((entry, index) => {
      if (entry.day > durationDays) {
        ctx.addIssue({ code: 'custom', path: ['contentCalendar', index, 'day'], message: `Must be within the campaign's ${durationDays} days` });
      }
    });
  });
}

export const hashtagSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}_]+$/u, 'Letters, digits and _ only, without #');

export const generatedContentSchema = z.object({
  title: text(limits.name).nullable(),
  caption: text(limits.caption),
  hashtags: z
    .array(hashtagSchema)
    .max(MAX_HASHTAGS)
    .refine((tags) => new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length, 'Hashtags must not repeat'),
  script: text(limits.script).nullable(),
}) satisfies z.ZodType<GeneratedContent>;

/** Content whose caption also fits the platform's own limit (TWITTER 280, SMS 160, ...). */
export function generatedContentFor(platform: Platform) {
  const limit = captionLimits[platform] ?? limits.caption;
  return generatedContentSchema.refine((content) => content.caption.length <= limit, {
    path: ['caption'],
    message: `${platform} allows at most ${limit} characters`,
  });
}

export const replyDraftSchema = z
  .object({
    reply: text(limits.longText),
    confidence: z.number().min(0).max(1),
    escalate: z.boolean(),
    reason: text(limits.shortText).nullable(),
  })
  .refine((draft) => !draft.escalate || draft.reason !== null, { path: ['reason'], message: 'An escalation needs a reason' }) satisfies z.ZodType<ReplyDraft>;

const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 50;

/** "#Small Business" → "small_business", "Café" → "cafe"; what is left may be empty. */
/** Tags as the pipeline stores them; '' when nothing usable is left (the schema then refuses it). */
export const normaliseTag = (tag: string): string => normalizeTag(tag) ?? '';

const tagSchema = z
  .string()
  .transform(normaliseTag)
  .pipe(z.string().regex(/^[a-z0-9_]+$/, 'Lower-case letters, digits and _ only').max(MAX_TAG_LENGTH));

export const classificationSchema = z.object({
  category: z.string().trim().min(1).max(limits.name).nullable(),
  confidence: z.number().min(0).max(1),
  tags: z
    .array(tagSchema)
    .max(MAX_TAGS)
    .transform((tags) => [...new Set(tags)]),
  sentiment: z.enum(['POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MIXED']),
  qualityScore: z.number().min(0).max(1),
}) satisfies z.ZodType<Classification>;

/** A classification whose category is spelled as its candidate when it names one in another case; others pass as they are. */
export function classificationFor(categories: ClassificationRequest['categories']) {
  const names = new Map(categories.map(({ name }) => [name.trim().toLowerCase(), name]));
  return classificationSchema.transform((value) => ({
    ...value,
    category: value.category === null ? null : (names.get(value.category.toLowerCase()) ?? value.category),
  }));
}
