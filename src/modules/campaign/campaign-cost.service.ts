import { z } from 'zod';
import { findCampaignFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { parseInput, text } from '../../domain/fields.ts';
import { perRequestLoader } from '../../request-loaders.ts';

export interface CampaignCostBreakdown {
  /** What the AI calls made for the campaign (planning it, writing its content) cost, from the AI log. */
  aiUsd: number;
  postingUsd: number;
  adjustmentsUsd: number;
  totalUsd: number;
}

const cents = (usd: number) => Math.round(usd * 1e6) / 1e6;

// Every campaign of a response costs two grouped statements together.
const costLoader = perRequestLoader<object, string, CampaignCostBreakdown>(() => async (ids) => {
  const [ai, entries] = await Promise.all([
    prisma.aiLog.groupBy({ by: ['campaignId'], where: { campaignId: { in: [...ids] } }, _sum: { costUsd: true } }),
    prisma.campaignCost.groupBy({ by: ['campaignId', 'kind'], where: { campaignId: { in: [...ids] } }, _sum: { amountUsd: true } }),
  ]);
  return ids.map((id) => {
    const aiUsd = ai.find((row) => row.campaignId === id)?._sum.costUsd ?? 0;
    const sum = (kind: string) => entries.find((row) => row.campaignId === id && row.kind === kind)?._sum.amountUsd ?? 0;
    const breakdown = { aiUsd: cents(aiUsd), postingUsd: cents(sum('POSTING')), adjustmentsUsd: cents(sum('ADJUSTMENT')) };
    return { ...breakdown, totalUsd: cents(breakdown.aiUsd + breakdown.postingUsd + breakdown.adjustmentsUsd) };
  });
});

/** A campaign's actual cost, for a campaign the caller has read through the viewer's tenancy. */
export function loadCampaignCost(ctx: object, campaignId: string): Promise<CampaignCostBreakdown> {
  return costLoader(ctx).load(campaignId);
}

const addCostInput = z
  .object({
    kind: z.enum(['POSTING', 'ADJUSTMENT']),
    amountUsd: z.number().min(-1e9, 'Must be at least -1000000000').max(1e9, 'Must be at most 1000000000'),
    note: text(500).nullish(),
  })
  .refine((input) => input.kind === 'ADJUSTMENT' || input.amountUsd >= 0, { message: 'A posting cost must not be negative', path: ['amountUsd'] });

/** Records a posting cost or a manual adjustment of a campaign (ADMIN and OWNER: it is money). */
export async function addCampaignCost(ctx: ServiceContext, { campaignId, input }: { campaignId: string; input: unknown }) {
  const data = parseInput(addCostInput, input);
  const campaign = await findCampaignFor(ctx.viewer, campaignId, 'schedule');
  return prisma.campaignCost.create({ data: { ...data, note: data.note ?? null, campaignId, businessId: campaign.businessId, createdById: ctx.viewer.id } });
}
