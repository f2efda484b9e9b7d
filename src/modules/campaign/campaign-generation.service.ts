import { randomUUID } from 'node:crypto';
import { Repeater } from 'graphql-yoga';
import { z } from 'zod';
import { runPaidOperation } from '../../ai/paid-operation.ts';
import { findBusinessFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { CampaignType, type GenerationStatus, Platform } from '../../domain/enums.ts';
import { distinctList, limits, parseInput, text } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { GenerationProgress } from '../../realtime/events.ts';
import { ACCESS_ENDED, type Guarded, SESSION_ENDED } from '../../realtime/session-guard.ts';
import { type SubscriberContext, subscribeScoped } from '../../realtime/subscription-scope.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { campaignGenerationJob } from './campaign-generation.runner.ts';
import { announceCampaign, endDateOf } from './campaign.service.ts';
import { actorOf } from '../../realtime/events.ts';

type CampaignQuery = Pick<Prisma.CampaignDefaultArgs, 'include' | 'select'>;

export const generateCampaignInput = z.object({
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
  const business = await findBusinessFor(ctx.viewer, businessId, 'generate');
  const id = await runPaidOperation(
    ctx.app.ai,
    { userId: ctx.viewer.id, feature: 'CAMPAIGN_GENERATION', business },
    {
      idempotencyKey,
      operation: 'generateCampaign',
      request: { businessId, ...request },
      run: async () => {
        const campaign = await writeWithJobs(ctx.app, async (tx) => {
          const created = await tx.campaign.create({
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
          await ctx.app.jobs.enqueue(tx, campaignGenerationJob, { campaignId: created.id, actorId: ctx.viewer.id, actorApiKeyId: ctx.viewer.apiKey?.id, request }, { key: created.id });
          return created;
        });
        announceCampaign(ctx.app, 'CREATED', campaign, null, actorOf(ctx.viewer));
        return campaign.id;
      },
    },
  );
  return prisma.campaign.findUniqueOrThrow({ ...query, where: { id } });
}

const finished = (status: GenerationStatus) => status === 'COMPLETED' || status === 'FAILED' || status === 'NONE';

/**
 * A generation's progress as a stream: first where it stands now (so a generation that finished
 * before the client subscribed is still reported), then every change until it completes or fails.
 */
export async function followGeneration(ctx: SubscriberContext, campaignId: string): Promise<AsyncIterable<Guarded<GenerationProgress>>> {
  // Subscribed before the current state is read, so no change can fall between the two.
  const live = await subscribeScoped(ctx, 'generationProgress', { campaignId });
  const campaign = await prisma.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { businessId: true, generationStatus: true, generationError: true, updatedAt: true, _count: { select: { contents: true } } },
  });
  const written = campaign._count.contents;
  const now: GenerationProgress = {
    eventId: randomUUID(),
    businessId: campaign.businessId,
    campaignId,
    actorId: null,
    changedAt: campaign.updatedAt.toISOString(),
    status: campaign.generationStatus,
    completed: written,
    total: campaign.generationStatus === 'COMPLETED' ? written : 0,
    message: campaign.generationError ?? `Generation is ${campaign.generationStatus.toLowerCase()}`,
  };
  return new Repeater<Guarded<GenerationProgress>>(async (push, stop) => {
    const iterator = live[Symbol.asyncIterator]();
    void stop.then(() => iterator.return?.());
    await push(now);
    if (finished(now.status)) return stop();
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      await push(next.value);
      if (next.value === SESSION_ENDED || next.value === ACCESS_ENDED || finished(next.value.status)) break;
    }
    stop();
  });
}
