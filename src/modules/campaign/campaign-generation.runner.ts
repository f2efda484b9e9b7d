import pLimit from 'p-limit';
import { businessProfileOf } from '../../ai/business-profile.ts';
import { fitGeneratedContent } from '../../ai/fit-content.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { campaignPlanPrompt, contentPrompt, promptText } from '../../ai/prompts.ts';
import { ai } from '../../ai/runtime.ts';
import type { CampaignPlanRequest, ContentRequest } from '../../ai/types.ts';
import { prisma } from '../../db/client.ts';
import type { GenerationStatus } from '../../domain/enums.ts';
import type { Business } from '../../generated/prisma-postgresql/client.ts';
import type { Logger } from '../../logger.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { scheduleTagging } from '../tagging/auto-tagging.ts';

export interface CampaignGenerationJob {
  campaignId: string;
  business: Business;
  userId: string;
  request: Omit<CampaignPlanRequest, 'business'>;
}

const running = new Map<string, Promise<void>>();
let logger: Logger | undefined;

export function setJobLogger(value: Logger) {
  logger = value;
}

/** Starts generating in the background; the caller's request returns at once. */
export function startCampaignGeneration(job: CampaignGenerationJob): void {
  running.set(job.campaignId, generateCampaignContent(job).finally(() => running.delete(job.campaignId)));
}

/**
 * On shutdown: lets generations in progress finish until the deadline, then marks the rest
 * FAILED so they do not stay PENDING forever.
 */
export async function stopCampaignGenerations(deadlineMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)));
  await Promise.race([Promise.allSettled([...running.values()]), deadline]);
  clearTimeout(timer);
  if (running.size === 0) return;
  await prisma.campaign.updateMany({
    where: { id: { in: [...running.keys()] }, generationStatus: { in: ['PENDING', 'RUNNING'] } },
    data: { generationStatus: 'FAILED', generationError: 'Interrupted by a server shutdown; generate again' },
  });
}

// A generation that has not finished after this long belonged to a process that died.
const STALE_AFTER_MS = 60 * 60_000;

/** Marks generations abandoned by a crashed process as FAILED; run at start. */
export async function failAbandonedGenerations(now = new Date()): Promise<number> {
  const { count } = await prisma.campaign.updateMany({
    where: { generationStatus: { in: ['PENDING', 'RUNNING'] }, updatedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) } },
    data: { generationStatus: 'FAILED', generationError: 'Interrupted: the server generating it stopped; generate again' },
  });
  return count;
}

function progress(job: CampaignGenerationJob, status: GenerationStatus, completed: number, total: number, message: string) {
  publishEvent('generationProgress', {
    businessId: job.business.id,
    campaignId: job.campaignId,
    actorId: job.userId,
    status,
    completed,
    total,
    message,
  });
}

/**
 * Plans the campaign, writes one content item per calendar entry, then stores everything in one
 * transaction: a failure anywhere leaves the campaign FAILED with no generated content.
 */
async function generateCampaignContent(job: CampaignGenerationJob): Promise<void> {
  const { campaignId, business, userId } = job;
  const context = { userId, businessId: business.id };
  const profile = businessProfileOf(business);
  try {
    await prisma.campaign.update({ where: { id: campaignId }, data: { generationStatus: 'RUNNING' } });
    progress(job, 'RUNNING', 0, 0, 'Planning the campaign');

    const planRequest: CampaignPlanRequest = { ...job.request, business: profile };
    const { value: plan } = await callProvider({ ...context, feature: 'CAMPAIGN_GENERATION' }, promptText(campaignPlanPrompt(planRequest)), (p) =>
      p.planCampaign(planRequest),
    );
    const total = plan.contentCalendar.length;
    progress(job, 'RUNNING', 0, total, 'Writing content');

    const limit = pLimit(ai().generationConcurrency);
    let completed = 0;
    const contents = await Promise.all(
      plan.contentCalendar.map((entry) =>
        limit(async () => {
          const request: ContentRequest = {
            business: profile,
            campaign: { name: plan.name, goal: job.request.goal, campaignType: job.request.campaignType, hashtagStrategy: plan.hashtagStrategy, ctaPattern: plan.ctaPattern },
            platform: entry.platform,
            contentType: entry.contentType,
            day: entry.day,
            theme: entry.theme,
            instructions: null,
            previous: null,
          };
          const started = performance.now();
          const result = await callProvider({ ...context, feature: 'CONTENT_GENERATION' }, promptText(contentPrompt(request)), (p) => p.writeContent(request));
          completed += 1;
          progress(job, 'RUNNING', completed, total, `Wrote day ${entry.day} for ${entry.platform}`);
          return { entry, result, generationTimeMs: Math.round(performance.now() - started) };
        }),
      ),
    );

    const [campaign] = await prisma.$transaction([
      prisma.campaign.update({
        where: { id: campaignId },
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
          contentCalendar: plan.contentCalendar as never,
          generationStatus: 'COMPLETED',
          generationError: null,
        },
      }),
      prisma.content.createMany({
        data: contents.map(({ entry, result, generationTimeMs }) => ({
          ...fitGeneratedContent(entry.platform, result.value),
          campaignId,
          businessId: business.id,
          day: entry.day,
          platform: entry.platform,
          contentType: entry.contentType,
          mentions: [],
          aiMetadata: { model: result.model, tokensUsed: result.promptTokens + result.completionTokens, generationTimeMs },
        })),
      }),
    ]);

    const created = await prisma.content.findMany({ where: { campaignId }, select: { id: true, status: true } });
    for (const content of created) {
      publishEvent('contentStatusChanged', { businessId: business.id, campaignId, contentId: content.id, previousStatus: null, status: content.status, actorId: userId });
    }
    publishEvent('campaignUpdated', { businessId: business.id, campaignId, change: 'UPDATED', previousStatus: campaign.status, status: campaign.status, actorId: userId });
    progress(job, 'COMPLETED', total, total, `Generated ${total} content items`);
    scheduleTagging(
      created.map((content) => content.id),
      userId,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger?.warn({ err: error, campaignId }, 'campaign generation failed');
    await prisma.campaign
      .update({ where: { id: campaignId }, data: { generationStatus: 'FAILED', generationError: message.slice(0, 2_000) } })
      .catch((updateError: unknown) => logger?.error({ err: updateError, campaignId }, 'could not record the failed generation'));
    progress(job, 'FAILED', 0, 0, message);
  }
}
