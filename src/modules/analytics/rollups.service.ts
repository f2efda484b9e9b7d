import { z } from 'zod';
import { authorize, findBusinessFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { databaseProvider } from '../../db/provider.ts';
import { engagementRateOf } from '../../domain/engagement.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/fields.ts';
import { perRequestLoaders } from '../../request-loaders.ts';
import { findAnomalies } from './anomalies.service.ts';
import { bucketLabel, bucketStart, nextBucket, type Period, previousBucket } from './rollup-dialect.ts';
import { bucketedBusinessReadings, type Counters, groupedCampaignReadings, topContentReadings, type Window } from './rollup-queries.ts';

export type Metrics = Counters & { measuredContent: number; engagementRate: number };

const MAX_BUCKETS = 400;
const MAX_COMPARED = 20;

const emptyCounters = (): Counters => ({ impressions: 0, reach: 0, views: 0, likes: 0, comments: 0, shares: 0, saves: 0, clicks: 0, conversions: 0, assistedConversions: 0, revenue: 0 });
const counterKeys = Object.keys(emptyCounters()) as (keyof Counters)[];

function add(into: Metrics, row: Counters & { contents: number }) {
  for (const key of counterKeys) into[key] += row[key];
  into.measuredContent += row.contents;
}

/** Sums finished: the engagement rate of the sum, money to the cent (so both databases agree to the digit). */
function finish(metrics: Metrics): Metrics {
  return { ...metrics, revenue: Math.round(metrics.revenue * 100) / 100, engagementRate: engagementRateOf(metrics) };
}

const emptyMetrics = (): Metrics => ({ ...emptyCounters(), measuredContent: 0, engagementRate: 0 });

const windowInput = z
  .object({ from: z.date().nullish(), to: z.date().nullish() })
  .refine((w) => !w.from || !w.to || w.from < w.to, { message: 'from must be before to', path: ['from'] });

export function parseWindow(input: unknown): Window {
  const { from, to } = parseInput(windowInput, input, []);
  return { from: from ?? null, to: to ?? null };
}

const windowKey = (window: Window) => `${window.from?.toISOString() ?? ''}..${window.to?.toISOString() ?? ''}`;

export interface CampaignPerformance {
  campaignId: string;
  window: Window;
  totals: Metrics;
  byPlatform: (Metrics & { platform: string })[];
  byContentType: (Metrics & { contentType: string })[];
  /** UTC hours of publishing, best engagement rate first (contents never published are left out). */
  bestHours: (Metrics & { hour: number })[];
  predictedVsActual: { contents: number; predictedScore: number | null; actualScore: number | null };
}

function groupInto<K extends string | number>(map: Map<K, Metrics>, key: K, row: Counters & { contents: number }) {
  let metrics = map.get(key);
  if (!metrics) map.set(key, (metrics = emptyMetrics()));
  add(metrics, row);
}

async function computePerformance(ctx: ServiceContext, campaignIds: readonly string[], window: Window): Promise<CampaignPerformance[]> {
  const rows = await groupedCampaignReadings(databaseProvider(), ctx.viewer, campaignIds, window);
  return campaignIds.map((campaignId) => {
    const totals = emptyMetrics();
    const platforms = new Map<string, Metrics>();
    const types = new Map<string, Metrics>();
    const hours = new Map<number, Metrics>();
    const predicted = { contents: 0, predicted: 0, actual: 0 };
    for (const row of rows) {
      if (row.campaignId !== campaignId) continue;
      add(totals, row);
      groupInto(platforms, row.platform, row);
      groupInto(types, row.contentType, row);
      if (row.hour !== null) groupInto(hours, row.hour, row);
      predicted.contents += row.predicted;
      predicted.predicted += row.predictedScore;
      predicted.actual += row.actualScore;
    }
    const average = (sum: number) => (predicted.contents ? Math.round((sum / predicted.contents) * 100) / 100 : null);
    return {
      campaignId,
      window,
      totals: finish(totals),
      byPlatform: [...platforms].sort(([a], [b]) => a.localeCompare(b)).map(([platform, metrics]) => ({ ...finish(metrics), platform })),
      byContentType: [...types].sort(([a], [b]) => a.localeCompare(b)).map(([contentType, metrics]) => ({ ...finish(metrics), contentType })),
      bestHours: [...hours]
        .map(([hour, metrics]) => ({ ...finish(metrics), hour }))
        .sort((a, b) => b.engagementRate - a.engagementRate || a.hour - b.hour),
      predictedVsActual: { contents: predicted.contents, predictedScore: average(predicted.predicted), actualScore: average(predicted.actual) },
    };
  });
}

// One loader per request and window: every campaign of a response asking for the same window
// shares one grouped statement (cache misses only).
const performanceLoaders = perRequestLoaders<string, CampaignPerformance>({ maxBatchSize: 200 });

/**
 * A campaign's performance in a window, for a campaign the caller has already read through the
 * viewer's tenancy (the statement checks membership again). Batched per request and window.
 */
export function loadCampaignPerformance(ctx: ServiceContext, campaign: { id: string; businessId: string }, window: Window): Promise<CampaignPerformance> {
  const key = windowKey(window);
  const loader = performanceLoaders(ctx, key, (keys) => {
    const campaigns = keys.map((entry) => JSON.parse(entry) as { id: string; businessId: string });
    return ctx.app.cache.getMany(
      campaigns.map(({ id, businessId }) => ({ businessId, scope: `campaign:${id}`, key: `performance:${key}` })),
      (missing) => computePerformance(ctx, missing.map((index) => campaigns[index].id), window),
      revive,
    );
  });
  return loader.load(JSON.stringify({ id: campaign.id, businessId: campaign.businessId }));
}

/** Dates come back from the shared cache layers as strings. */
function revive(value: CampaignPerformance): CampaignPerformance {
  const date = (at: Date | string | null) => (at === null ? null : new Date(at));
  return { ...value, window: { from: date(value.window.from), to: date(value.window.to) } };
}

const pageInput = z.object({
  first: z.number().int().min(1, 'Must be at least 1').max(50, 'Must be at most 50').default(5),
  offset: z.number().int().min(0, 'Must not be negative').max(10_000, 'Must be at most 10000').default(0),
});

type TopContentPage = { totalCount: number; items: (Omit<Awaited<ReturnType<typeof topContentReadings>>[number], 'total' | 'position' | 'campaignId'> & { measuredContent: number })[] };

// One loader per request, window and page: the top contents of every campaign of a response in one statement.
// Batched, not remembered: a later mutation of the same request answers what it recorded.
const topLoaders = perRequestLoaders<string, TopContentPage>({ maxBatchSize: 200, cache: false });

/** A page of the campaign's measured contents in the window, best engagement rate first. */
export function topContents(ctx: ServiceContext, { campaignId, window, page }: { campaignId: string; window: Window; page: unknown }): Promise<TopContentPage> {
  const { first, offset } = parseInput(pageInput, page, []);
  const loader = topLoaders(ctx, `${windowKey(window)}:${first}:${offset}`, async (campaignIds) => {
    const rows = await topContentReadings(databaseProvider(), ctx.viewer, campaignIds, window, { first, offset });
    return campaignIds.map((campaignId) => {
      const own = rows.filter((row) => row.campaignId === campaignId);
      return {
        // Past the end of the list a page has no rows to say how long the list is: 0, as it always answered.
        totalCount: own[0]?.total ?? 0,
        items: own.map(({ total: _total, position: _position, campaignId: _campaign, ...row }) => ({
          ...row,
          revenue: Math.round(row.revenue * 100) / 100,
          engagementRate: engagementRateOf(row),
          measuredContent: 1,
        })),
      };
    });
  });
  return loader.load(campaignId);
}

/** Campaigns side by side; any id the viewer cannot read (missing or another tenant's) is NOT_FOUND, like a missing one. */
export async function compareCampaigns(ctx: ServiceContext, { ids, window }: { ids: readonly string[]; window: Window }) {
  const unique = [...new Set(ids)];
  if (unique.length < 1 || unique.length > MAX_COMPARED) throw new ValidationError([{ path: ['ids'], message: `Give 1 to ${MAX_COMPARED} campaigns` }]);
  const campaigns = await prisma.campaign.findMany({
    where: { id: { in: unique }, business: { memberships: { some: { userId: ctx.viewer.id, ...(ctx.viewer.apiKey ? { businessId: ctx.viewer.apiKey.businessId } : {}) } } } },
    select: { id: true, businessId: true },
  });
  if (campaigns.length !== unique.length) throw new NotFoundError('Campaign');
  for (const businessId of new Set(campaigns.map((campaign) => campaign.businessId))) await authorize(ctx.viewer, businessId, 'read', 'Campaign');
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  return Promise.all(
    unique.map(async (id) => {
      const campaign = byId.get(id) as (typeof campaigns)[number];
      return { performance: await loadCampaignPerformance(ctx, campaign, window), businessId: campaign.businessId };
    }),
  );
}

export const MAX_COMPARED_CAMPAIGNS = MAX_COMPARED;

const insightsInput = z
  .object({
    period: z.enum(['DAY', 'WEEK', 'MONTH']),
    from: z.date(),
    to: z.date(),
    platform: z.string().nullish(),
  })
  .refine((i) => i.from < i.to, { message: 'from must be before to', path: ['from'] });

export interface InsightBucket {
  start: Date;
  metrics: Metrics;
  previous: Metrics;
  /** Percent change of each counter against the previous period (null when that was 0); engagement rate in points. */
  change: Record<keyof Counters | 'engagementRate', number | null>;
}

const percentChange = (current: number, previous: number) => (previous === 0 ? null : Math.round(((current - previous) / previous) * 10_000) / 100);

async function computeInsights(ctx: ServiceContext, businessId: string, input: z.infer<typeof insightsInput>): Promise<InsightBucket[]> {
  const { period, from, to, platform } = input;
  const first = bucketStart(period, from);
  const starts: Date[] = [];
  for (let start = first; start < to; start = nextBucket(period, start)) {
    starts.push(start);
    if (starts.length > MAX_BUCKETS) throw new ValidationError([{ path: ['to'], message: `At most ${MAX_BUCKETS} periods: shorten the range or use a longer period` }]);
  }
  const before = previousBucket(period, first);
  const rows = await bucketedBusinessReadings(databaseProvider(), { viewer: ctx.viewer, businessId, platform }, period, before, to);
  const byLabel = new Map(rows.map((row) => [row.bucket, row]));
  const metricsAt = (start: Date) => {
    const metrics = emptyMetrics();
    const row = byLabel.get(bucketLabel(start));
    if (row) add(metrics, row);
    return finish(metrics);
  };
  let previous = metricsAt(before);
  return starts.map((start) => {
    const metrics = metricsAt(start);
    const change = Object.fromEntries(counterKeys.map((key) => [key, percentChange(metrics[key], previous[key])])) as InsightBucket['change'];
    change.engagementRate = Math.round((metrics.engagementRate - previous.engagementRate) * 100) / 100;
    const bucket = { start, metrics, previous, change };
    previous = metrics;
    return bucket;
  });
}

/** A business's engagement per UTC day, ISO week or month: what its contents earned in each, and the change from the one before. */
export async function businessInsights(ctx: ServiceContext, { businessId, input }: { businessId: string; input: unknown }) {
  const parsed = parseInput(insightsInput, input, []);
  await findBusinessFor(ctx.viewer, businessId, 'read');
  const key = `insights:${parsed.period}:${parsed.from.toISOString()}:${parsed.to.toISOString()}:${parsed.platform ?? ''}`;
  const [insights] = await ctx.app.cache.getMany(
    [{ businessId, scope: `business:${businessId}`, key }],
    async () => {
      const [buckets, anomalies] = await Promise.all([
        computeInsights(ctx, businessId, parsed),
        findAnomalies(ctx.viewer, businessId, { from: parsed.from, to: parsed.to }),
      ]);
      return [{ buckets, anomalies }];
    },
    (value) => ({ ...value, buckets: value.buckets.map((bucket) => ({ ...bucket, start: new Date(bucket.start) })) }),
  );
  return insights;
}

