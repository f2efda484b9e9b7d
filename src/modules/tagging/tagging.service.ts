import { checkMonthlyBudget, consumeRateLimit } from '../../ai/guards.ts';
import { prisma } from '../../db/client.ts';
import type { Viewer } from '../../graphql/context.ts';
import { runTaggingPipeline } from './tagging-pipeline.ts';
import { findOwnedCampaign, findOwnedContent, requireViewer } from '../../auth/tenancy.ts';

/** Runs the categorisation and tagging pipeline on one content item now. */
export async function tagContentNow({ viewer, id }: { viewer: Viewer | null; id: string }) {
  const user = requireViewer(viewer);
  const content = await findOwnedContent(viewer, id);
  await consumeRateLimit(user.id, 'CATEGORIZATION');
  await checkMonthlyBudget(await prisma.business.findUniqueOrThrow({ where: { id: content.businessId } }));
  await runTaggingPipeline({ contentId: id, userId: user.id });
}

/** Runs the pipeline on every content item of a campaign, one after another. */
export async function recategorizeCampaign({ viewer, id }: { viewer: Viewer | null; id: string }) {
  const user = requireViewer(viewer);
  const campaign = await findOwnedCampaign(viewer, id);
  await consumeRateLimit(user.id, 'CATEGORIZATION');
  const business = await prisma.business.findUniqueOrThrow({ where: { id: campaign.businessId } });
  const contents = await prisma.content.findMany({ where: { campaignId: id }, select: { id: true }, orderBy: [{ day: 'asc' }, { id: 'asc' }] });
  for (const content of contents) {
    await checkMonthlyBudget(business);
    await runTaggingPipeline({ contentId: content.id, userId: user.id });
  }
}
