import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { nullableJsonUpdate } from '../../db/json.ts';
import { type ContentStatus, ContentType, Platform } from '../../domain/enums.ts';
import { InvalidTransitionError, ValidationError } from '../../domain/errors.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../graphql/context.ts';
import { limits, optionalText, parseInput, url } from '../../domain/fields.ts';
import { scheduleTagging } from '../tagging/auto-tagging.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { findOwnedCampaign, findOwnedContent, requireViewer } from '../../auth/tenancy.ts';
import { captionLimits, contentTransitions } from '../../domain/lifecycles.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;

const hashtag = z
  .string()
  .trim()
  .transform((tag) => tag.replace(/^#+/, ''))
  .pipe(z.string().min(1, 'Must not be empty').max(100).regex(/^[\p{L}\p{N}_]+$/u, 'Letters, digits and _ only'));
const mention = z
  .string()
  .trim()
  .transform((handle) => handle.replace(/^@+/, ''))
  .pipe(z.string().min(1, 'Must not be empty').max(100).regex(/^[\p{L}\p{N}_.-]+$/u, 'Letters, digits, _ . - only'));
const uniqueList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.array(item).max(max, `At most ${max} items`).transform((list) => [...new Set(list)]);

const contentFields = {
  day: z.number().int().min(1, 'Must be at least 1'),
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  title: optionalText(limits.name),
  caption: z.string().trim().min(1, 'Must not be empty').max(limits.caption, `Must be at most ${limits.caption} characters`),
  hashtags: uniqueList(hashtag, 30),
  mentions: uniqueList(mention, 30),
  media: z.object({ imageUrl: url.nullish(), videoUrl: url.nullish(), thumbnailUrl: url.nullish() }).nullish(),
  script: optionalText(limits.script),
  scheduledAt: z.date().nullish(),
};

// Defaults only on create: on update (zod's partial keeps defaults) an omitted list must stay as it is.
const createContentInput = z.object({
  ...contentFields,
  hashtags: contentFields.hashtags.default([]),
  mentions: contentFields.mentions.default([]),
});
const updateContentInput = z.object(contentFields).partial();

function checkFitsCampaign(content: { day?: number; platform?: string; caption?: string }, durationDays: number) {
  const errors = [];
  if (content.day !== undefined && content.day > durationDays) {
    errors.push({ path: ['input', 'day'], message: `Must be within the campaign's ${durationDays} days` });
  }
  const limit = content.platform ? captionLimits[content.platform] : undefined;
  if (limit !== undefined && content.caption !== undefined && content.caption.length > limit) {
    errors.push({ path: ['input', 'caption'], message: `${content.platform} allows at most ${limit} characters` });
  }
  if (errors.length) throw new ValidationError(errors);
}

export async function createContent({
  viewer,
  campaignId,
  input,
  query,
}: { viewer: Viewer | null; campaignId: string; input: unknown; query?: ContentQuery }) {
  const data = parseInput(createContentInput, input);
  const campaign = await findOwnedCampaign(viewer, campaignId);
  checkFitsCampaign(data, campaign.durationDays);
  const content = await prisma.content.create({
    ...query,
    data: { ...data, media: data.media ?? undefined, campaignId, businessId: campaign.businessId },
  });
  publishEvent('contentStatusChanged', {
    businessId: campaign.businessId,
    campaignId,
    contentId: content.id,
    previousStatus: null,
    status: content.status,
    actorId: requireViewer(viewer).id,
  });
  scheduleTagging([content.id], requireViewer(viewer).id);
  return content;
}

export async function updateContent({
  viewer,
  id,
  input,
  query,
}: { viewer: Viewer | null; id: string; input: unknown; query?: ContentQuery }) {
  const data = parseInput(updateContentInput, input);
  const content = await findOwnedContent(viewer, id);
  checkFitsCampaign(
    { day: data.day, platform: data.platform ?? content.platform, caption: data.caption ?? content.caption },
    content.campaign.durationDays,
  );
  const updated = await prisma.content.update({ ...query, where: { id }, data: { ...data, media: nullableJsonUpdate(data.media) } });
  if (taggedFields.some((field) => data[field] !== undefined)) scheduleTagging([id], requireViewer(viewer).id);
  return updated;
}

// What the tagging pipeline reads: a change to any of them re-tags the content.
const taggedFields = ['title', 'caption', 'hashtags', 'script', 'platform', 'contentType'] as const;

export interface TransitionDetails {
  scheduledAt?: Date | null;
  postUrl?: string | null;
  errorMessage?: string | null;
}

const transitionDetails = z.object({
  scheduledAt: z.date().nullish(),
  postUrl: url.nullish(),
  errorMessage: optionalText(limits.longText),
});

export async function transitionContent({
  viewer,
  id,
  to,
  details = {},
  query,
  now = new Date(),
}: {
  viewer: Viewer | null;
  id: string;
  to: ContentStatus;
  details?: TransitionDetails;
  query?: ContentQuery;
  now?: Date;
}) {
  const extra = parseInput(transitionDetails, details, []);
  const content = await findOwnedContent(viewer, id);
  const allowed = contentTransitions[content.status];
  if (!allowed.includes(to)) throw new InvalidTransitionError('Content', content.status, to, allowed);

  const changes: Prisma.ContentUpdateManyMutationInput = { status: to };
  if (to === 'SCHEDULED') {
    const scheduledAt = extra.scheduledAt ?? content.scheduledAt;
    if (!scheduledAt || scheduledAt <= now) {
      throw new InvalidTransitionError('Content', content.status, to, allowed, 'Scheduling needs a scheduledAt in the future');
    }
    changes.scheduledAt = scheduledAt;
  }
  if (to === 'PUBLISHED') Object.assign(changes, { publishedAt: now, postUrl: extra.postUrl ?? content.postUrl, errorMessage: null });
  if (to === 'FAILED') changes.errorMessage = extra.errorMessage ?? 'Publishing failed';
  if (to === 'DRAFT') changes.errorMessage = null;

  // Conditional on the status we checked, so two racing transitions cannot both apply.
  const { count } = await prisma.content.updateMany({ where: { id, status: content.status }, data: changes });
  if (count === 0) {
    throw new InvalidTransitionError('Content', content.status, to, allowed, 'The content changed meanwhile; reload and retry');
  }
  const updated = await prisma.content.findUniqueOrThrow({ ...query, where: { id } });
  publishEvent('contentStatusChanged', {
    businessId: content.businessId,
    campaignId: content.campaignId,
    contentId: id,
    previousStatus: content.status,
    status: to,
    actorId: requireViewer(viewer).id,
  });
  return updated;
}
