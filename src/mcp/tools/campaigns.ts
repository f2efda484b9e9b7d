import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { CampaignStatus } from '../../domain/enums.ts';
import { globalId, localId } from '../../graphql/ids.ts';
import { campaignPerformance } from '../../modules/analytics/analytics.service.ts';
import { generateCampaign, generateCampaignInput } from '../../modules/campaign/campaign-generation.service.ts';
import { loadCampaignCost } from '../../modules/campaign/campaign-cost.service.ts';
import { createCampaign, createCampaignInput, getCampaign, listCampaigns } from '../../modules/campaign/campaign.service.ts';
import { reportGeneration } from '../generation-progress.ts';
import { dateTimeArg, defineTool, generates, idArg, pageArgs, pageOf, reads, writes } from '../tool.ts';
import { campaignSummaryView, campaignView, pageView } from '../views.ts';

/** The campaign as tools answer it, with what it has cost so far. */
const withCost = async (ctx: ServiceContext, campaign: Parameters<typeof campaignView>[0]) => campaignView(campaign, await loadCampaignCost(ctx, campaign.id));

export const campaignTools = [
  defineTool({
    name: 'list_campaigns',
    title: 'List campaigns',
    description: "A business's campaigns, newest first (without their plans: get_campaign has those).",
    input: z.object({ businessId: idArg('Business'), status: z.enum(CampaignStatus).nullish(), ...pageArgs }),
    annotations: reads,
    run: async ({ ctx }, { businessId, status, ...page }) =>
      pageView(await listCampaigns(ctx, { businessId: localId(businessId, 'Business'), filters: { status }, page: pageOf(page, 'Campaign') }), 'Campaign', campaignSummaryView),
  }),
  defineTool({
    name: 'get_campaign',
    title: 'Get a campaign',
    description: 'A campaign with its plan (strategy, content calendar, hashtag strategy, optimal times), its status and the statuses it may move to, and how many content items it has.',
    input: z.object({ campaignId: idArg('Campaign') }),
    annotations: reads,
    run: async ({ ctx }, { campaignId }) => withCost(ctx, await getCampaign(ctx, { id: localId(campaignId, 'Campaign') })),
  }),
  defineTool({
    name: 'create_campaign',
    title: 'Create a campaign',
    description: 'Creates a DRAFT campaign written by hand (generate_campaign has the AI plan one). Calendar days must fall within durationDays.',
    input: z.object({ businessId: idArg('Business'), ...createCampaignInput.shape, startDate: dateTimeArg.nullish() }),
    annotations: writes,
    run: async ({ ctx }, { businessId, ...input }) => withCost(ctx, await createCampaign(ctx, { businessId: localId(businessId, 'Business'), input })),
  }),
  defineTool({
    name: 'generate_campaign',
    title: 'Generate a campaign with AI',
    description:
      'Creates a DRAFT campaign and has the AI plan it and write one DRAFT content item per calendar entry, in the background. With wait (the default) the call reports progress notifications (when the request has a progressToken) and returns once the generation COMPLETED or FAILED; without, it returns at once with generationStatus PENDING. Paid: counts against the monthly AI budget; an idempotencyKey makes a retry return the first result.',
    input: z.object({
      businessId: idArg('Business'),
      ...generateCampaignInput.shape,
      startDate: dateTimeArg.nullish(),
      wait: z.boolean().default(true).describe('Wait for the generation to finish, reporting progress'),
    }),
    annotations: generates,
    run: async (call, { businessId, wait, ...input }) => {
      const campaign = await generateCampaign(call.ctx, { businessId: localId(businessId, 'Business'), input });
      if (!wait) return withCost(call.ctx, campaign);
      await reportGeneration(call, campaign.id);
      return withCost(call.ctx, await getCampaign(call.ctx, { id: campaign.id }));
    },
  }),
  defineTool({
    name: 'get_campaign_performance',
    title: 'Get campaign performance',
    description:
      "How a campaign is doing: its content per status, and the engagement its content earned (each item's latest reading, rolled-up days included) in total with conversions and revenue, per platform and for its five best items. engagementRate is interactions per 100 people reached.",
    input: z.object({ campaignId: idArg('Campaign') }),
    annotations: reads,
    run: async ({ ctx }, { campaignId }) => {
      const { topContent, ...performance } = await campaignPerformance(ctx, { campaignId: localId(campaignId, 'Campaign') });
      return { campaignId, ...performance, topContent: topContent.map(({ id, ...content }) => ({ contentId: globalId('Content', id), ...content })) };
    },
  }),
];
