import { BudgetExceededError, ConflictError, RateLimitedError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { CampaignTypeEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../graphql/inputs.ts';
import { generateCampaign } from './campaign-generation.service.ts';
import { CampaignNode } from './campaign.schema.ts';

const GenerateCampaignInput = builder.inputType('GenerateCampaignInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    goal: t.string({ required: true }),
    campaignType: t.field({ type: CampaignTypeEnum, required: true }),
    durationDays: t.int({ required: true, description: '1 to 90.' }),
    platforms: t.field({ type: [PlatformEnum], required: true }),
    startDate: t.field({ type: 'DateTime' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationField('generateCampaign', (t) =>
  t.withAuth({ authenticated: true }).prismaField({
    type: CampaignNode,
    errors: { types: [RateLimitedError, BudgetExceededError, ConflictError] },
    description:
      'Creates a DRAFT campaign and has the AI plan it and write one DRAFT content item per calendar entry, in the background: follow generationProgress(campaignId) or Campaign.generationStatus. Generation is all or nothing.',
    args: { input: t.arg({ type: GenerateCampaignInput, required: true }) },
    resolve: (query, _root, { input: { businessId, ...input } }, ctx) =>
      generateCampaign(ctx, { businessId: localId(businessId, 'Business'), input, query }),
  }),
);
