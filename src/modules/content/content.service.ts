import { z } from 'zod';
import { invalidateRollups } from '../analytics/rollup-invalidation.ts';
import { checkRole, findBusinessFor, findCampaignFor, findContentFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { pageAfter } from '../../db/cursor-scope.ts';
import { nullableJsonUpdate } from '../../db/json.ts';
import { alsoSelecting } from '../../db/selection.ts';
import { ContentStatus, ContentType, Platform } from '../../domain/enums.ts';
import { InvalidTransitionError, ValidationError } from '../../domain/errors.ts';
import { distinctList, hashtag, limits, mention, optionalText, pageInput, parseInput, text, url } from '../../domain/fields.ts';
import { captionLimits, MAX_HASHTAGS } from '../../domain/platforms.ts';
import { permissionToMove } from '../../domain/roles.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { keepScheduleInStep } from '../publishing/scheduling.ts';
import { enqueueTagging } from '../tagging/auto-tagging.ts';
import { recordContentVersion } from '../versions/version.service.ts';
import { announceContentCreated, announceContentStatus } from './content-events.ts';
import { changesApprovedText } from './content-approval.ts';
import { holdUnchanged, moveContentStatus, type TransitionDetails, withdrawApproval } from './content-status.ts';
import { actorOf } from '../../realtime/events.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;

const contentFields = {
  day: z.number().int().min(1, 'Must be at least 1'),
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  title: optionalText(limits.name),
  caption: text(limits.caption),
  hashtags: distinctList(hashtag, MAX_HASHTAGS),
  mentions: distinctList(mention, 30),
  media: z.object({ imageUrl: url.nullish(), videoUrl: url.nullish(), thumbnailUrl: url.nullish() }).nullish(),
  script: optionalText(limits.script),
  scheduledAt: z.date().nullish(),
};

// Defaults only on create: on update (zod's partial keeps defaults) an omitted list must stay as it is.
export const createContentInput = z.object({
  ...contentFields,
  hashtags: contentFields.hashtags.default([]),
  mentions: contentFields.mentions.default([]),
});
export const updateContentInput = z.object(contentFields).partial();

const approvalInput = z.object({ comment: optionalText(limits.longText) });

export const transitionDetails = z.object({
  scheduledAt: z.date().nullish(),
  postUrl: url.nullish(),
  errorMessage: optionalText(limits.longText),
});

// What the tagging pipeline reads: a change to any of them re-tags the content.
const taggedFields = ['title', 'caption', 'hashtags', 'script', 'platform', 'contentType'] as const;

function checkFitsCampaign(content: { day?: number; platform: Platform; caption: string }, durationDays: number) {
  const errors = [];
  if (content.day !== undefined && content.day > durationDays) {
    errors.push({ path: ['input', 'day'], message: `Must be within the campaign's ${durationDays} days` });
  }
  const limit = captionLimits[content.platform];
  if (content.caption.length > limit) {
    errors.push({ path: ['input', 'caption'], message: `${content.platform} allows at most ${limit} characters` });
  }
  if (errors.length) throw new ValidationError(errors);
}

/** What a content item is shown with outside GraphQL: its category and tags by name. */
export const withCategoryAndTags = {
  primaryCategory: { select: { id: true, name: true } },
  tags: { select: { tag: { select: { name: true } } }, orderBy: { tag: { name: 'asc' } } },
} satisfies Prisma.ContentInclude;

const contentFilters = z.object({ status: z.enum(ContentStatus).nullish(), platform: z.enum(Platform).nullish() });

/** The content of a campaign, or of a whole business, in calendar order. */
export async function listContent(
  ctx: ServiceContext,
  { campaignId, businessId, filters, page }: { campaignId?: string | null; businessId?: string | null; filters: unknown; page: unknown },
) {
  const { status, platform } = parseInput(contentFilters, filters, []);
  const { first, after } = parseInput(pageInput, page, []);
  if (!campaignId && !businessId) throw new ValidationError([{ path: [], message: 'Give a campaignId or a businessId' }]);
  if (campaignId) await findCampaignFor(ctx.viewer, campaignId, 'read');
  if (businessId) await findBusinessFor(ctx.viewer, businessId, 'read');
  const where = { ...(campaignId ? { campaignId } : {}), ...(businessId ? { businessId } : {}), ...(status ? { status } : {}), ...(platform ? { platform } : {}) };
  return pageAfter(
    { first, after },
    (id) => prisma.content.count({ where: { ...where, id } }),
    (window) => prisma.content.findMany({ ...window, where, include: withCategoryAndTags, orderBy: [{ day: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
  );
}

/** A content item the viewer may read, with its category and tags. */
export async function getContent(ctx: ServiceContext, { id }: { id: string }) {
  await findContentFor(ctx.viewer, id, 'read');
  return prisma.content.findUniqueOrThrow({ where: { id }, include: withCategoryAndTags });
}

export async function createContent(ctx: ServiceContext, { campaignId, input, query }: { campaignId: string; input: unknown; query?: ContentQuery }) {
  const data = parseInput(createContentInput, input);
  const campaign = await findCampaignFor(ctx.viewer, campaignId, 'edit');
  checkFitsCampaign(data, campaign.durationDays);
  const content = await writeWithJobs(ctx.app, async (tx) => {
    const created = await tx.content.create({
      // What announcing it reads from the row.
      ...alsoSelecting(query, { id: true, businessId: true, campaignId: true, status: true }),
      data: { ...data, media: data.media ?? undefined, campaignId, businessId: campaign.businessId },
    });
    await enqueueTagging(ctx.app, tx, [created.id], ctx.viewer.id);
    return created;
  });
  announceContentCreated(ctx.app, [content], actorOf(ctx.viewer));
  return content;
}

export async function updateContent(
  ctx: ServiceContext,
  { id, input, query, source = 'USER' }: { id: string; input: unknown; query?: ContentQuery; source?: 'USER' | 'RESTORE' },
) {
  const data = parseInput(updateContentInput, input);
  const content = await findContentFor(ctx.viewer, id, 'edit');
  // Moving the publication of scheduled content is scheduling it.
  if (content.status === 'SCHEDULED' && data.scheduledAt !== undefined && data.scheduledAt?.getTime() !== content.scheduledAt?.getTime()) {
    checkRole(content.access, 'schedule');
  }
  checkFitsCampaign({ day: data.day, platform: data.platform ?? content.platform, caption: data.caption ?? content.caption }, content.campaign.durationDays);
  const now = ctx.app.clock.now();
  let backToReview = false;
  const updated = await writeWithJobs(ctx.app, async (tx) => {
    await holdUnchanged(tx, content);
    backToReview = changesApprovedText(content, data) && (await withdrawApproval(tx, ctx.app, content, now));
    if (!backToReview) await keepScheduleInStep(tx, ctx.app, content, data, now);
    await recordContentVersion(tx, content, data, { source, viewer: ctx.viewer });
    const written = await tx.content.update({ ...query, where: { id }, data: { ...data, media: nullableJsonUpdate(data.media) } });
    if (taggedFields.some((field) => data[field] !== undefined)) await enqueueTagging(ctx.app, tx, [id], ctx.viewer.id);
    return written;
  });
  // Its type, title or publishing time may be what a rollup groups it by.
  await invalidateRollups(ctx.app, content);
  if (backToReview) announceContentStatus(ctx.app, content, { previousStatus: content.status, status: 'REVIEW', ...actorOf(ctx.viewer) });
  return updated;
}

export async function transitionContent(
  ctx: ServiceContext,
  { id, to, details = {}, comment, query }: { id: string; to: ContentStatus; details?: TransitionDetails; comment?: string | null; query?: ContentQuery },
) {
  const extra = parseInput(transitionDetails, details, []);
  const { comment: approvalComment } = parseInput(approvalInput, { comment });
  const content = await findContentFor(ctx.viewer, id, 'read');
  const permission = permissionToMove(content.status, to);
  checkRole(content.access, permission);
  if (comment !== undefined && permission !== 'approve') {
    // approveContent approves what is in REVIEW; it does not unschedule (SCHEDULED -> APPROVED).
    throw new InvalidTransitionError('Content', content.status, to, ['APPROVED'], `Only content in REVIEW can be approved; this is ${content.status}`);
  }
  // Whoever may approve and moves content to APPROVED approves it.
  const approval = to === 'APPROVED' && permission === 'approve' ? { approverId: ctx.viewer.id, comment: approvalComment ?? null } : undefined;
  await writeWithJobs(ctx.app, (tx) => moveContentStatus(tx, ctx.app, { content, to, details: extra, now: ctx.app.clock.now(), approval }));
  const updated = await prisma.content.findUniqueOrThrow({ ...query, where: { id } });
  announceContentStatus(ctx.app, content, { previousStatus: content.status, status: to, ...actorOf(ctx.viewer) });
  return updated;
}
