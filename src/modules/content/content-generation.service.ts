import { z } from 'zod';
import { runPaidOperation } from '../../ai/paid-operation.ts';
import { authorizeRow, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { notFoundIfMissing } from '../../db/errors.ts';
import { holdReferencedRow } from '../../db/row-lock.ts';
import { ContentType, Platform } from '../../domain/enums.ts';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { limits, optionalText, parseInput, text } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { enqueueTagging } from '../tagging/auto-tagging.ts';
import { announceContentCreated, announceContentStatus } from './content-events.ts';
import { holdUnchanged, withdrawApproval } from './content-status.ts';
import { campaignBrief, contentRequestFor, writeContentWithAi } from './content-writer.ts';
import { actorOf } from '../../realtime/events.ts';
import { recordContentVersion } from '../versions/version.service.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;

const idempotencyKey = z.string().nullish();

export const generateContentInput = z.object({
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  day: z.number().int().min(1, 'Must be at least 1'),
  theme: text(limits.shortText),
  instructions: optionalText(limits.shortText),
  idempotencyKey,
});

const regenerateContentInput = z.object({ instructions: optionalText(limits.shortText), idempotencyKey });

// Once content is scheduled or live, its text is what the audience sees: no rewriting then.
const regenerable = new Set(['DRAFT', 'REVIEW', 'APPROVED', 'FAILED']);

/** Writes one DRAFT content item for a campaign with the AI provider. */
export async function generateContent(ctx: ServiceContext, { campaignId, input, query }: { campaignId: string; input: unknown; query?: ContentQuery }) {
  const { idempotencyKey, ...data } = parseInput(generateContentInput, input);
  const campaign = await authorizeRow(
    ctx.viewer,
    await prisma.campaign.findFirst({ where: { id: campaignId, ...inMemberBusinessWhere(ctx.viewer) }, include: { business: true } }),
    'Campaign',
    'generate',
  );
  if (data.day > campaign.durationDays) {
    throw new ValidationError([{ path: ['input', 'day'], message: `Must be within the campaign's ${campaign.durationDays} days` }]);
  }
  const id = await runPaidOperation(
    ctx.app.ai,
    { userId: ctx.viewer.id, feature: 'CONTENT_GENERATION', business: campaign.business },
    {
      idempotencyKey,
      operation: 'generateContent',
      request: { campaignId, ...data },
      run: async () => {
        const request = contentRequestFor(campaign.business, { campaign: campaignBrief(campaign), ...data, previous: null });
        const written = await writeContentWithAi(ctx.app, { request, feature: 'CONTENT_GENERATION', userId: ctx.viewer.id, businessId: campaign.businessId, campaignId });
        const content = await writeWithJobs(ctx.app, async (tx) => {
          // The campaign was read before the AI call: deleted (or moved to the trash, it or its
          // business) since, there is nothing to write to. Held until the item is written.
          const held = (await holdReferencedRow(tx, 'Business', campaign.businessId)) && (await holdReferencedRow(tx, 'Campaign', campaignId));
          if (!held) throw new NotFoundError('Campaign');
          const created = await tx.content.create({
            data: { ...written, campaignId, businessId: campaign.businessId, day: data.day, platform: data.platform, contentType: data.contentType, mentions: [] },
          });
          await enqueueTagging(ctx.app, tx, [created.id], ctx.viewer.id);
          return created;
        });
        announceContentCreated(ctx.app, [content], actorOf(ctx.viewer));
        return content.id;
      },
    },
  );
  // Deleted since it was written: gone for the client too.
  return prisma.content.findUniqueOrThrow({ ...query, where: { id } }).catch(notFoundIfMissing('Content'));
}

/**
 * Rewrites a content item's text with the AI provider. The previous text is kept as an AI
 * version (Content.versions) and the revision count goes up, in one transaction.
 */
export async function regenerateContent(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: ContentQuery }) {
  const { idempotencyKey, instructions } = parseInput(regenerateContentInput, input);
  const content = await authorizeRow(
    ctx.viewer,
    await prisma.content.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) }, include: { campaign: { include: { business: true } } } }),
    'Content',
    'generate',
  );
  if (!regenerable.has(content.status)) {
    throw new InvalidTransitionError('Content', content.status, content.status, [], `Content that is ${content.status} cannot be regenerated`);
  }
  const { business } = content.campaign;
  await runPaidOperation(
    ctx.app.ai,
    { userId: ctx.viewer.id, feature: 'CONTENT_REGENERATION', business },
    {
      idempotencyKey,
      operation: 'regenerateContent',
      request: { id, instructions },
      run: async () => {
        const previous = { caption: content.caption, hashtags: content.hashtags, script: content.script };
        const request = contentRequestFor(business, {
          campaign: campaignBrief(content.campaign),
          platform: content.platform,
          contentType: content.contentType,
          day: content.day,
          theme: content.title ?? content.caption.slice(0, 200),
          instructions,
          previous,
        });
        const written = await writeContentWithAi(ctx.app, { request, feature: 'CONTENT_REGENERATION', userId: ctx.viewer.id, businessId: content.businessId, campaignId: content.campaignId });
        const backToReview = await writeWithJobs(ctx.app, async (tx) => {
          // The row was read before the AI call: approved, scheduled or moved since, it is not
          // overwritten; deleted since (it, its campaign or business), NOT_FOUND and nothing written.
          await holdUnchanged(tx, content);
          const withdrawn = await withdrawApproval(tx, ctx.app, content, ctx.app.clock.now());
          await recordContentVersion(tx, content, written, { source: 'AI', viewer: ctx.viewer });
          await tx.content.update({ where: { id }, data: { ...written, revisionCount: { increment: 1 } } });
          await enqueueTagging(ctx.app, tx, [id], ctx.viewer.id);
          return withdrawn;
        });
        if (backToReview) announceContentStatus(ctx.app, content, { previousStatus: content.status, status: 'REVIEW', ...actorOf(ctx.viewer) });
        return id;
      },
    },
  );
  // Deleted since it was written: gone for the client too.
  return prisma.content.findUniqueOrThrow({ ...query, where: { id } }).catch(notFoundIfMissing('Content'));
}
