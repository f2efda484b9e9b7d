import { admitPaidCall } from '../../ai/paid-operation.ts';
import { checkMonthlyBudget } from '../../ai/budget.ts';
import { findCampaignFor, findContentFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { notFoundIfMissing } from '../../db/errors.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { tagCampaign } from './campaign-tagging.ts';
import { runTaggingPipeline } from './tagging-pipeline.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;
type CampaignQuery = Pick<Prisma.CampaignDefaultArgs, 'include' | 'select'>;

/** Runs the categorisation and tagging pipeline on one content item now. */
export async function tagContentNow(ctx: ServiceContext, { id, query }: { id: string; query?: ContentQuery }) {
  const content = await findContentFor(ctx.viewer, id, 'edit');
  const business = await prisma.business.findUniqueOrThrow({ where: { id: content.businessId } });
  await admitPaidCall(ctx.app.ai, { userId: ctx.viewer.id, feature: 'CATEGORIZATION', business });
  await runTaggingPipeline(ctx.app, { contentId: id, actorId: ctx.viewer.id });
  // Deleted while the AI classified it: its tagging was not written (superseded), and it is gone.
  return prisma.content.findUniqueOrThrow({ ...query, where: { id } }).catch(notFoundIfMissing('Content'));
}

/** Runs the pipeline on the campaign itself, then on every content item of it, one after another. */
export async function recategorizeCampaign(ctx: ServiceContext, { id, query }: { id: string; query?: CampaignQuery }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  const business = await prisma.business.findUniqueOrThrow({ where: { id: campaign.businessId } });
  await admitPaidCall(ctx.app.ai, { userId: ctx.viewer.id, feature: 'CATEGORIZATION', business });
  await tagCampaign(ctx.app, { campaignId: id, actorId: ctx.viewer.id });
  const contents = await prisma.content.findMany({ where: { campaignId: id }, select: { id: true }, orderBy: [{ day: 'asc' }, { id: 'asc' }] });
  for (const content of contents) {
    // The campaign's own run was admitted above; the budget is checked again for every item.
    await checkMonthlyBudget(ctx.app.ai, business);
    await runTaggingPipeline(ctx.app, { contentId: content.id, actorId: ctx.viewer.id });
  }
  return prisma.campaign.findUniqueOrThrow({ ...query, where: { id } }).catch(notFoundIfMissing('Campaign'));
}
