import { builder } from '../../graphql/builder.ts';
import { localId } from '../../graphql/ids.ts';
import type { CampaignCost } from '../../generated/prisma-postgresql/client.ts';
import { addCampaignCost, type CampaignCostBreakdown, loadCampaignCost } from './campaign-cost.service.ts';
import { CampaignNode } from './campaign.schema.ts';

const CampaignCostKindEnum = builder.enumType('CampaignCostKind', {
  values: { POSTING: { description: 'What publishing cost (boosts, paid placements).' }, ADJUSTMENT: { description: 'A correction by hand, positive or negative.' } } as const,
});

const CostBreakdown = builder.objectRef<CampaignCostBreakdown>('CampaignCostBreakdown').implement({
  fields: (t) => ({
    aiUsd: t.exposeFloat('aiUsd', { description: 'AI calls made for the campaign (its plan, its content), from the AI log.' }),
    postingUsd: t.exposeFloat('postingUsd'),
    adjustmentsUsd: t.exposeFloat('adjustmentsUsd'),
    totalUsd: t.exposeFloat('totalUsd'),
  }),
});

const CampaignCostRef = builder.objectRef<CampaignCost>('CampaignCost').implement({
  fields: (t) => ({
    kind: t.field({ type: CampaignCostKindEnum, resolve: (cost) => cost.kind }),
    amountUsd: t.exposeFloat('amountUsd'),
    note: t.exposeString('note', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(CampaignNode, (t) => ({
  actualCost: t.float({
    description: 'Computed: AI spend for the campaign plus its posting costs and manual adjustments (see costBreakdown), in USD.',
    select: { id: true },
    resolve: async (campaign, _args, ctx) => (await loadCampaignCost(ctx, campaign.id)).totalUsd,
  }),
  costBreakdown: t.field({ type: CostBreakdown, select: { id: true }, resolve: (campaign, _args, ctx) => loadCampaignCost(ctx, campaign.id) }),
}));

const AddCampaignCostInput = builder.inputType('AddCampaignCostInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    kind: t.field({ type: CampaignCostKindEnum, required: true }),
    amountUsd: t.float({ required: true, description: 'Negative only for an ADJUSTMENT.' }),
    note: t.string(),
  }),
});

builder.mutationField('addCampaignCost', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: CampaignCostRef,
    errors: {},
    description: "Records a posting cost or a manual adjustment of a campaign's actual cost (ADMIN and OWNER).",
    args: { input: t.arg({ type: AddCampaignCostInput, required: true }) },
    resolve: (_root, { input: { campaignId, ...input } }, ctx) => addCampaignCost(ctx, { campaignId: localId(campaignId, 'Campaign'), input }),
  }),
);
