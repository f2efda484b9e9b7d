import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { ServiceContext } from '../../context.ts';
import { engagementCounters, engagementRateOf, sumEngagement } from '../../domain/engagement.ts';
import { MAX_CALENDAR_ENTRIES } from '../../domain/fields.ts';
import { parseInput } from '../../domain/fields.ts';
import { findCampaignFor, findContentFor } from '../../auth/tenancy.ts';
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
  ctx.app.events.publish('analyticsUpdated', {
    businessId: content.businessId,
    campaignId: content.campaignId,
    contentId,
    snapshotId: snapshot.id,
    ...actorOf(ctx.viewer),
  });
  return snapshot;
}

const TOP_CONTENT = 5;
const readingColumns = {
  collectedAt: true,
  impressions: true,
  reach: true,
  views: true,
  likes: true,
  comments: true,
  shares: true,
  saves: true,
  clicks: true,
  profileVisits: true,
  websiteClicks: true,
} as const satisfies Prisma.AnalyticsSnapshotSelect & Record<(typeof engagementCounters)[number], true>;

/**
 * How a campaign is doing: its content per status, and the engagement its content earned (each
 * item's latest snapshot; counters are cumulative) in total, per platform and for its best items.
 * At most MAX_CALENDAR_ENTRIES measured items are summed, the most recently published first.
 */
export async function campaignPerformance(ctx: ServiceContext, { campaignId }: { campaignId: string }) {
  await findCampaignFor(ctx.viewer, campaignId, 'read');
  const [byStatus, measured] = await Promise.all([
    prisma.content.groupBy({ by: ['status'], where: { campaignId }, _count: { _all: true } }),
    prisma.content.findMany({
      where: { campaignId, analytics: { some: {} } },
      select: { id: true, title: true, platform: true, status: true, analytics: { select: readingColumns, orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }], take: 1 } },
      orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
      take: MAX_CALENDAR_ENTRIES + 1,
    }),
  ]);
  const items = measured.slice(0, MAX_CALENDAR_ENTRIES).flatMap(({ analytics: [reading], ...content }) => (reading ? [{ ...content, reading }] : []));
  const platforms = [...new Set(items.map((item) => item.platform))].sort();
  return {
    contentByStatus: Object.fromEntries(byStatus.map((group) => [group.status, group._count._all])),
    contentCount: byStatus.reduce((sum, group) => sum + group._count._all, 0),
    measuredContent: items.length,
    truncated: measured.length > MAX_CALENDAR_ENTRIES,
    totals: sumEngagement(items.map((item) => item.reading)),
    byPlatform: platforms.map((platform) => {
      const onPlatform = items.filter((item) => item.platform === platform);
      return { platform, measuredContent: onPlatform.length, totals: sumEngagement(onPlatform.map((item) => item.reading)) };
    }),
    topContent: items
      .map(({ reading, ...content }) => ({ ...content, ...reading, engagementRate: engagementRateOf(reading) }))
      .sort((a, b) => b.engagementRate - a.engagementRate || b.impressions - a.impressions)
      .slice(0, TOP_CONTENT),
  };
}
