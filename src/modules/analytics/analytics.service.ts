import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../graphql/context.ts';
import { parseInput } from '../../domain/fields.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { findOwnedContent, requireViewer } from '../../auth/tenancy.ts';

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

/** Interactions per person reached (per impression when reach is unknown), as a percentage. */
export function engagementRateOf(metrics: { likes: number; comments: number; shares: number; saves: number; reach: number; impressions: number }) {
  const audience = metrics.reach || metrics.impressions;
  if (!audience) return 0;
  return Math.round(((metrics.likes + metrics.comments + metrics.shares + metrics.saves) / audience) * 10_000) / 100;
}

/** Appends a snapshot to the content's time series; snapshots are never overwritten. */
export async function recordEngagement({
  viewer,
  contentId,
  input,
  query,
}: { viewer: Viewer | null; contentId: string; input: unknown; query?: SnapshotQuery }) {
  const data = parseInput(recordEngagementInput, input);
  const content = await findOwnedContent(viewer, contentId);
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
      audienceInsights: (data.audienceInsights ?? undefined) as Prisma.InputJsonObject | undefined,
      attribution: data.attribution ?? undefined,
    },
  });
  publishEvent('analyticsUpdated', {
    businessId: content.businessId,
    campaignId: content.campaignId,
    contentId,
    snapshotId: snapshot.id,
    actorId: requireViewer(viewer).id,
  });
  return snapshot;
}
