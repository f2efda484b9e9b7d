import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { ServiceContext } from '../../context.ts';
import { engagementRateOf } from '../../domain/engagement.ts';
import { parseInput } from '../../domain/fields.ts';
import { findCampaignFor, findContentFor } from '../../auth/tenancy.ts';
import { announceAnomalies } from './anomalies.service.ts';
import { invalidateRollups } from './rollup-invalidation.ts';
import { loadCampaignPerformance, topContents } from './rollups.service.ts';
import { actorOf } from '../../realtime/events.ts';

type SnapshotQuery = Pick<Prisma.AnalyticsSnapshotDefaultArgs, 'include' | 'select'>;

const count = z.number().int('Must be a whole number').min(0, 'Must not be negative').max(1e12).default(0);
const money = z.number().min(0, 'Must not be negative').max(1e12).nullish();
// Tolerates small clock differences between the collector and this server.
const CLOCK_SKEW_MS = 5 * 60_000;

const recordEngagementInput = z.object({
  collectedAt: z.date().refine((date) => date.getTime() <= Date.now() + CLOCK_SKEW_MS, 'Must not be in the future'),
  metrics: z.object({
    impressions: count,
    reach: count,
    views: count,
    likes: count,
    comments: count,
    shares: count,
    saves: count,
    clicks: count,
    profileVisits: count,
    websiteClicks: count,
    engagementRate: z.number().min(0, 'Must not be negative').max(1e6).nullish(),
  }),
  predictedPerformance: z
    .object({ score: z.number().min(0).max(100, 'Must be at most 100'), confidence: z.number().min(0).max(1, 'Must be at most 1') })
    .nullish(),
  audienceInsights: z
    .record(z.string().max(100), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 20_000, 'Must be at most 20000 characters as JSON')
    .nullish(),
  attribution: z
    .object({
      directConversions: count,
      assistedConversions: count,
      revenueGenerated: money,
      costPerAcquisition: money,
      roiPercentage: z.number().min(-100).max(1e9).nullish(),
    })
    .nullish(),
});

/** Appends a snapshot to the content's time series; snapshots are never overwritten. */
export async function recordEngagement(ctx: ServiceContext, { contentId, input, query }: { contentId: string; input: unknown; query?: SnapshotQuery }) {
  const data = parseInput(recordEngagementInput, input);
  const content = await findContentFor(ctx.viewer, contentId, 'recordEngagement');
  const { engagementRate, ...metrics } = data.metrics;
  const snapshot = await prisma.analyticsSnapshot.create({
    ...query,
    data: {
      ...metrics,
      engagementRate: engagementRate ?? engagementRateOf(metrics),
      contentId,
      businessId: content.businessId,
      campaignId: content.campaignId,
      platform: content.platform,
      collectedAt: data.collectedAt,
      predictedPerformance: data.predictedPerformance ?? undefined,
      audienceInsights: data.audienceInsights ?? undefined,
      attribution: data.attribution ?? undefined,
    },
  });
  await invalidateRollups(ctx.app, content);
  ctx.app.events.publish('analyticsUpdated', {
    businessId: content.businessId,
    campaignId: content.campaignId,
    contentId,
    snapshotId: snapshot.id,
    ...actorOf(ctx.viewer),
  });
  announceAnomalies(ctx.app, { businessId: content.businessId, campaignId: content.campaignId, contentId });
  return snapshot;
}

const TOP_CONTENT = 5;

/**
 * How a campaign is doing, for agents (MCP): its content per status, and the all-time rollup of
 * its engagement (each item's latest reading) in total, per platform and for its best items.
 */
export async function campaignPerformance(ctx: ServiceContext, { campaignId }: { campaignId: string }) {
  const campaign = await findCampaignFor(ctx.viewer, campaignId, 'read');
  const window = { from: null, to: null };
  const [byStatus, performance, top] = await Promise.all([
    prisma.content.groupBy({ by: ['status'], where: { campaignId }, _count: { _all: true } }),
    loadCampaignPerformance(ctx, campaign, window),
    topContents(ctx, { campaignId, window, page: { first: TOP_CONTENT } }),
  ]);
  return {
    contentByStatus: Object.fromEntries(byStatus.map((group) => [group.status, group._count._all])),
    contentCount: byStatus.reduce((sum, group) => sum + group._count._all, 0),
    measuredContent: performance.totals.measuredContent,
    totals: performance.totals,
    byPlatform: performance.byPlatform.map(({ platform, ...totals }) => ({ platform, measuredContent: totals.measuredContent, totals })),
    topContent: top.items.map(({ contentId, measuredContent: _one, ...item }) => ({ id: contentId, ...item })),
  };
}
