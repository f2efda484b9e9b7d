import { z } from 'zod';
import { runPaidOperation } from '../../ai/paid-operation.ts';
import { findOwnedBusiness } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { CampaignType, Platform } from '../../domain/enums.ts';
import { distinctList, limits, parseInput, text } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { startCampaignGeneration } from './campaign-generation.runner.ts';
import { announceCampaign, endDateOf } from './campaign.service.ts';

type CampaignQuery = Pick<Prisma.CampaignDefaultArgs, 'include' | 'select'>;

const generateCampaignInput = z.object({
  goal: text(limits.longText),
  campaignType: z.enum(CampaignType),
  durationDays: z.number().int().min(1, 'Must be at least 1 day').max(90, 'Generate at most 90 days at a time'),
  platforms: distinctList(z.enum(Platform), 8).refine((list) => list.length > 0, 'Choose at least one platform'),
  startDate: z.date().nullish().transform((value) => value ?? null),
  idempotencyKey: z.string().nullish(),
});

/** A name until the plan proposes one. */
const provisionalName = (goal: string) => (goal.length > 60 ? `${goal.slice(0, 59).trimEnd()}…` : goal);

/**
 * Creates a DRAFT campaign in generationStatus PENDING and generates its plan and content in the
 * background (follow generationProgress or poll generationStatus).
 */
export async function generateCampaign(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: CampaignQuery }) {
  const { idempotencyKey, ...request } = parseInput(generateCampaignInput, input);
  const business = await findOwnedBusiness(ctx.viewer, businessId);
  const id = await runPaidOperation(
    ctx.app.ai,
    { userId: ctx.viewer.id, feature: 'CAMPAIGN_GENERATION', business },
    {
      idempotencyKey,
      operation: 'generateCampaign',
      request: { businessId, ...request },
      run: async () => {
        const campaign = await prisma.campaign.create({
          data: {
            businessId,
            name: provisionalName(request.goal),
            goal: request.goal,
            campaignType: request.campaignType,
            durationDays: request.durationDays,
            targetPlatforms: request.platforms,
            startDate: request.startDate,
            endDate: endDateOf(request.startDate, request.durationDays),
            contentCalendar: [],
            optimalTimes: [],
            generationStatus: 'PENDING',
            createdById: ctx.viewer.id,
          },
        });
        announceCampaign(ctx, 'CREATED', campaign, null);
        startCampaignGeneration(ctx, { campaignId: campaign.id, business, request });
        return campaign.id;
      },
    },
  );
  return prisma.campaign.findUniqueOrThrow({ ...query, where: { id } });
}
