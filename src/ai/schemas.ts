import { z } from 'zod';
import { calendarEntry, hashtagBody, limits, MAX_CALENDAR_ENTRIES, tagName, text, timeOfDay } from '../domain/fields.ts';
import { captionLimits, MAX_HASHTAGS } from '../domain/platforms.ts';
import type { Platform } from '../domain/enums.ts';
import type { CampaignPlan, Classification, ClassificationRequest, GeneratedContent, ReplyDraft } from './types.ts';

// What a provider must return, built from the API's own input rules (domain/fields.ts), so
// generated output can be stored as it is.

export const campaignPlanSchema = z.object({
  name: text(limits.name),
  strategySummary: text(limits.longText),
  contentStyle: text(limits.shortText),
  visualStyle: text(limits.shortText),
  hashtagStrategy: text(limits.shortText),
  ctaPattern: text(limits.shortText),
  optimalTimes: z.array(timeOfDay).min(1).max(24),
  postingFrequency: z.number().int().min(0).max(100),
  estimatedCost: z.number().min(0).max(1e9),
  contentCalendar: z.array(calendarEntry).min(1).max(MAX_CALENDAR_ENTRIES),
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

export const generatedContentSchema = z.object({
  title: text(limits.name).nullable(),
  caption: text(limits.caption),
  hashtags: z
    .array(hashtagBody)
    .max(MAX_HASHTAGS)
    .refine((tags) => new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length, 'Hashtags must not repeat'),
  script: text(limits.script).nullable(),
}) satisfies z.ZodType<GeneratedContent>;

/** Content whose caption also fits the platform's own limit (TWITTER 280, SMS 160, ...). */
export function generatedContentFor(platform: Platform) {
  const limit = captionLimits[platform];
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

export const classificationSchema = z.object({
  category: z.string().trim().min(1).max(limits.name).nullable(),
  confidence: z.number().min(0).max(1),
  tags: z
    .array(tagName)
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
