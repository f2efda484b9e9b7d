import pLimit from 'p-limit';
import { businessProfileOf } from '../../ai/business-profile.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { campaignPlanPrompt, promptText } from '../../ai/prompts.ts';
import type { CampaignPlan, CampaignPlanRequest } from '../../ai/types.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import type { CampaignStatus, GenerationStatus } from '../../domain/enums.ts';
import type { Business, Prisma } from '../../generated/prisma-postgresql/client.ts';
import { announceContentCreated } from '../content/content-events.ts';
import { contentRequestFor, writeContentWithAi } from '../content/content-writer.ts';
import { scheduleTagging } from '../tagging/auto-tagging.ts';
import { announceCampaign } from './campaign.service.ts';

export interface CampaignGenerationJob {
  campaignId: string;
  business: Business;
  request: Omit<CampaignPlanRequest, 'business'>;
}

/** Starts generating in the background; the caller's request returns at once. */
export function startCampaignGeneration(ctx: ServiceContext, job: CampaignGenerationJob): void {
  ctx.app.background.run(`campaign generation ${job.campaignId}`, (signal) => generateCampaignContent(ctx, job, signal));
}

// A generation that has not finished after this long belonged to a process that died.
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
    actorId: ctx.viewer.id,
    status,
    completed,
    total,
    message,
  });
}

/**
 * Plans the campaign, writes one content item per calendar entry, then stores everything in one
 * transaction: a failure anywhere (or a shutdown) leaves the campaign FAILED with no generated content.
 */
async function generateCampaignContent(ctx: ServiceContext, job: CampaignGenerationJob, signal: AbortSignal): Promise<void> {
  try {
    await prisma.campaign.update({ where: { id: job.campaignId }, data: { generationStatus: 'RUNNING' } });
    progress(ctx, job, 'RUNNING', 0, 0, 'Planning the campaign');
    const plan = await planCampaign(ctx, job);
    progress(ctx, job, 'RUNNING', 0, plan.contentCalendar.length, 'Writing content');
    const contents = await writeCalendar(ctx, job, plan, signal);
    signal.throwIfAborted();
    const campaign = await storeGeneration(job, plan, contents);
    await announceGeneration(ctx, job, campaign);
  } catch (error) {
    await recordFailure(ctx, job, signal.aborted ? 'Interrupted by a server shutdown; generate again' : error instanceof Error ? error.message : String(error), error);
  }
}

const callContextOf = (ctx: ServiceContext, job: CampaignGenerationJob) => ({ userId: ctx.viewer.id, businessId: job.business.id });

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

/** The plan and all its content in one transaction. */
async function storeGeneration(job: CampaignGenerationJob, plan: CampaignPlan, contents: Prisma.ContentCreateManyInput[]) {
  const [campaign] = await prisma.$transaction([
    prisma.campaign.update({
      where: { id: job.campaignId },
      data: {
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
        generationStatus: 'COMPLETED',
        generationError: null,
      },
    }),
    prisma.content.createMany({ data: contents }),
  ]);
  return campaign;
}

async function announceGeneration(ctx: ServiceContext, job: CampaignGenerationJob, campaign: { id: string; businessId: string; status: CampaignStatus }) {
  const created = await prisma.content.findMany({ where: { campaignId: job.campaignId }, select: { id: true, status: true, businessId: true, campaignId: true } });
  announceContentCreated(ctx.app, created, ctx.viewer.id);
  announceCampaign(ctx, 'UPDATED', campaign, campaign.status);
  progress(ctx, job, 'COMPLETED', created.length, created.length, `Generated ${created.length} content items`);
  scheduleTagging(
    ctx,
    created.map((content) => content.id),
  );
}

async function recordFailure(ctx: ServiceContext, job: CampaignGenerationJob, message: string, error: unknown) {
  const { campaignId } = job;
  ctx.app.logger.warn({ err: error, campaignId }, 'campaign generation failed');
  await prisma.campaign
    .update({ where: { id: campaignId }, data: { generationStatus: 'FAILED', generationError: message.slice(0, 2_000) } })
    .catch((updateError: unknown) => ctx.app.logger.error({ err: updateError, campaignId }, 'could not record the failed generation'));
  progress(ctx, job, 'FAILED', 0, 0, message);
}
