import pLimit from 'p-limit';
import { z } from 'zod';
import { businessProfileOf } from '../../ai/business-profile.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { campaignPlanPrompt, promptText } from '../../ai/prompts.ts';
import type { CampaignPlan, CampaignPlanRequest } from '../../ai/types.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { CampaignType, type CampaignStatus, type GenerationStatus, Platform } from '../../domain/enums.ts';
import type { Business, Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { JobDefinition, JobRun } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { announceContentCreated } from '../content/content-events.ts';
import { contentRequestFor, writeContentWithAi } from '../content/content-writer.ts';
import { enqueueTagging } from '../tagging/auto-tagging.ts';
import type { EventActor } from '../../realtime/events.ts';
import { announceCampaign } from './campaign.service.ts';
import { heldAsItIs, recordCampaignVersion } from '../versions/version.service.ts';

const payload = z.object({
  campaignId: z.string(),
  actorId: z.string(),
  /** Set when the generation was asked for with an API key: its events name the key. */
  actorApiKeyId: z.string().nullish(),
  request: z.object({
    goal: z.string(),
    campaignType: z.enum(CampaignType),
    durationDays: z.number().int(),
    platforms: z.array(z.enum(Platform)),
    startDate: z.coerce.date().nullable(),
  }),
});

interface CampaignGenerationJob {
  campaignId: string;
  business: Business;
  request: Omit<CampaignPlanRequest, 'business'>;
  actor: EventActor;
}

/**
 * Plans a campaign and writes its content (generateCampaign enqueues it with the campaign). A run
 * repeated after a crash starts over; only one run's result is ever stored.
 */
export const campaignGenerationJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'generate-campaign',
  payload,
  // The AI client already retries its calls: a run fails for good unless its worker died.
  maxAttempts: 3,
  retryDelaySeconds: 10,
  // A 90-day, 8-platform campaign is hundreds of AI calls.
  leaseFactor: 6,
  concurrency: 2,
  async run(app, { campaignId, actorId, actorApiKeyId, request }, run) {
    const campaign = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { generationStatus: true, business: true } });
    if (!campaign || finished(campaign.generationStatus)) return;
    // The generation acts for the user who asked for it.
    const ctx: ServiceContext = { app, viewer: { id: actorId, role: 'USER' } };
    await generateCampaignContent(ctx, { campaignId, business: campaign.business, request, actor: { actorId, actorApiKeyId } }, run);
  },
};

const finished = (status: GenerationStatus) => status === 'COMPLETED' || status === 'FAILED' || status === 'NONE';

// A generation that has not finished after this long was lost (its job failed without recording it).
const STALE_AFTER_MS = 60 * 60_000;

/** Marks generations abandoned by a crashed process as FAILED; run at start. */
export async function failAbandonedGenerations(now: Date): Promise<number> {
  const { count } = await prisma.campaign.updateMany({
    where: { generationStatus: { in: ['PENDING', 'RUNNING'] }, updatedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) } },
    data: { generationStatus: 'FAILED', generationError: 'Interrupted: the server generating it stopped; generate again' },
  });
  return count;
}

function progress(ctx: ServiceContext, job: CampaignGenerationJob, status: GenerationStatus, completed: number, total: number, message: string) {
  ctx.app.events.publish('generationProgress', {
    businessId: job.business.id,
    campaignId: job.campaignId,
    ...job.actor,
    status,
    completed,
    total,
    message,
  });
}

/**
 * Plans the campaign, writes one content item per calendar entry, then stores everything in one
 * transaction: a failure anywhere leaves the campaign FAILED with no generated content. A run cut
 * short (a shutdown, its lease ending) is left to be retried, unless it was the last attempt.
 */
async function generateCampaignContent(ctx: ServiceContext, job: CampaignGenerationJob, { signal, lastAttempt }: JobRun): Promise<void> {
  try {
    await prisma.campaign.update({ where: { id: job.campaignId }, data: { generationStatus: 'RUNNING' } });
    progress(ctx, job, 'RUNNING', 0, 0, 'Planning the campaign');
    const plan = await planCampaign(ctx, job);
    progress(ctx, job, 'RUNNING', 0, plan.contentCalendar.length, 'Writing content');
    const contents = await writeCalendar(ctx, job, plan, signal);
    signal.throwIfAborted();
    const stored = await storeGeneration(ctx, job, plan, contents);
    if (stored) announceGeneration(ctx, job, stored);
  } catch (error) {
    if (signal.aborted && !lastAttempt) throw error;
    await recordFailure(ctx, job, signal.aborted ? 'Interrupted: the generation did not finish in time; generate again' : error instanceof Error ? error.message : String(error), error);
  }
}

const callContextOf = (ctx: ServiceContext, job: CampaignGenerationJob) => ({ userId: ctx.viewer.id, businessId: job.business.id, campaignId: job.campaignId });

async function planCampaign(ctx: ServiceContext, job: CampaignGenerationJob): Promise<CampaignPlan> {
  const planRequest: CampaignPlanRequest = { ...job.request, business: businessProfileOf(job.business) };
  const { value } = await callProvider(ctx.app.ai, { ...callContextOf(ctx, job), feature: 'CAMPAIGN_GENERATION' }, promptText(campaignPlanPrompt(planRequest)), (p) =>
    p.planCampaign(planRequest),
  );
  return value;
}

/** One content item per calendar entry, a few at a time, reporting progress as each is written. */
async function writeCalendar(ctx: ServiceContext, job: CampaignGenerationJob, plan: CampaignPlan, signal: AbortSignal) {
  const limit = pLimit(ctx.app.ai.generationConcurrency);
  const brief = { name: plan.name, goal: job.request.goal, campaignType: job.request.campaignType, hashtagStrategy: plan.hashtagStrategy, ctaPattern: plan.ctaPattern };
  const total = plan.contentCalendar.length;
  let completed = 0;
  return Promise.all(
    plan.contentCalendar.map((entry) =>
      limit(async () => {
        signal.throwIfAborted();
        const request = contentRequestFor(job.business, { campaign: brief, ...entry, instructions: null, previous: null });
        const written = await writeContentWithAi(ctx.app, { request, feature: 'CONTENT_GENERATION', ...callContextOf(ctx, job) });
        completed += 1;
        progress(ctx, job, 'RUNNING', completed, total, `Wrote day ${entry.day} for ${entry.platform}`);
        return { ...written, campaignId: job.campaignId, businessId: job.business.id, day: entry.day, platform: entry.platform, contentType: entry.contentType, mentions: [] };
      }),
    ),
  );
}

/**
 * The plan, all its content and their tagging jobs in one transaction, only while the generation
 * is still unfinished: null when another run stored it first.
 */
async function storeGeneration(ctx: ServiceContext, job: CampaignGenerationJob, plan: CampaignPlan, contents: Prisma.ContentCreateManyInput[]) {
  return writeWithJobs(ctx.app, async (tx) => {
    const planned = {
      name: plan.name,
      strategySummary: plan.strategySummary,
      contentStyle: plan.contentStyle,
      visualStyle: plan.visualStyle,
      hashtagStrategy: plan.hashtagStrategy,
      ctaPattern: plan.ctaPattern,
      optimalTimes: plan.optimalTimes,
      postingFrequency: plan.postingFrequency,
      estimatedCost: plan.estimatedCost,
      contentCalendar: plan.contentCalendar,
    };
    // What the plan replaces, held: a concurrent edit lands before it or after it, never in between.
    const before = await tx.campaign.findUnique({ where: { id: job.campaignId } }).then((row) => row && heldAsItIs(tx, 'Campaign', row));
    const { count } = await tx.campaign.updateMany({
      where: { id: job.campaignId, generationStatus: { in: ['PENDING', 'RUNNING'] } },
      data: {
        ...planned,
        generationStatus: 'COMPLETED',
        generationError: null,
      },
    });
    if (count === 0 || !before) return null;
    await recordCampaignVersion(tx, before, planned, { source: 'AI', viewer: ctx.viewer }, { held: true });
    const created = await tx.content.createManyAndReturn({ data: contents, select: { id: true, status: true, businessId: true, campaignId: true } });
    await enqueueTagging(ctx.app, tx, created.map((content) => content.id), ctx.viewer.id);
    const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: job.campaignId }, select: { id: true, businessId: true, status: true } });
    return { campaign, created };
  });
}

function announceGeneration(ctx: ServiceContext, job: CampaignGenerationJob, { campaign, created }: NonNullable<Awaited<ReturnType<typeof storeGeneration>>>) {
  announceContentCreated(ctx.app, created, job.actor);
  announceCampaign(ctx.app, 'UPDATED', campaign, campaign.status, job.actor);
  progress(ctx, job, 'COMPLETED', created.length, created.length, `Generated ${created.length} content items`);
}

async function recordFailure(ctx: ServiceContext, job: CampaignGenerationJob, message: string, error: unknown) {
  const { campaignId } = job;
  ctx.app.logger.warn({ err: error, campaignId }, 'campaign generation failed');
  await prisma.campaign
    .update({ where: { id: campaignId }, data: { generationStatus: 'FAILED', generationError: message.slice(0, 2_000) } })
    .catch((updateError: unknown) => ctx.app.logger.error({ err: updateError, campaignId }, 'could not record the failed generation'));
  progress(ctx, job, 'FAILED', 0, 0, message);
}
