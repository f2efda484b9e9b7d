import { z } from 'zod';
import { checkMonthlyBudget, consumeRateLimit } from '../../ai/guards.ts';
import { prisma } from '../../db/client.ts';
import { CampaignType, Platform } from '../../domain/enums.ts';
import type { Viewer } from '../../graphql/context.ts';
import { runOnce } from '../../db/idempotency.ts';
import { startCampaignGeneration } from './campaign-generation.runner.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { limits, parseInput, text } from '../../domain/fields.ts';
import { findOwnedBusiness, requireViewer } from '../../auth/tenancy.ts';

const DAY_MS = 86_400_000;

const generateCampaignInput = z.object({
  goal: text(limits.longText),
  campaignType: z.enum(CampaignType),
  durationDays: z.number().int().min(1, 'Must be at least 1 day').max(90, 'Generate at most 90 days at a time'),
  platforms: z
    .array(z.enum(Platform))
    .min(1, 'Choose at least one platform')
    .max(8)
    .transform((list) => [...new Set(list)]),
  startDate: z.date().nullish().transform((value) => value ?? null),
  idempotencyKey: z.string().nullish(),
});

/** A name until the plan proposes one. */
const provisionalName = (goal: string) => (goal.length > 60 ? `${goal.slice(0, 59).trimEnd()}…` : goal);

/**
 * Creates a DRAFT campaign in generationStatus PENDING and generates its plan and content in the
 * background (follow generationProgress or poll generationStatus). Returns the campaign id.
 */
export async function generateCampaign({ viewer, businessId, input }: { viewer: Viewer | null; businessId: string; input: unknown }) {
  const user = requireViewer(viewer);
  const { idempotencyKey, ...request } = parseInput(generateCampaignInput, input);
  const business = await findOwnedBusiness(viewer, businessId);
  return runOnce({
    userId: user.id,
    key: idempotencyKey,
    operation: 'generateCampaign',
    request: { businessId, ...request },
    run: async () => {
      await consumeRateLimit(user.id, 'CAMPAIGN_GENERATION');
      await checkMonthlyBudget(business);
      const campaign = await prisma.campaign.create({
        data: {
          businessId,
          name: provisionalName(request.goal),
          goal: request.goal,
          campaignType: request.campaignType,
          durationDays: request.durationDays,
          targetPlatforms: request.platforms,
          startDate: request.startDate,
          endDate: request.startDate ? new Date(request.startDate.getTime() + request.durationDays * DAY_MS) : null,
          contentCalendar: [],
          optimalTimes: [],
          generationStatus: 'PENDING',
          createdById: user.id,
        },
      });
      publishEvent('campaignUpdated', { businessId, campaignId: campaign.id, change: 'CREATED', previousStatus: null, status: campaign.status, actorId: user.id });
      startCampaignGeneration({ campaignId: campaign.id, business, userId: user.id, request });
      return campaign.id;
    },
  });
}
