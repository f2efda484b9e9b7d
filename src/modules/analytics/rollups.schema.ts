import type { ServiceContext } from '../../context.ts';
import type { Platform } from '../../domain/enums.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { ContentTypeEnum, PlatformEnum } from '../../graphql/enums.ts';
import { globalId, localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import type { Anomaly } from './anomalies.service.ts';
import { loadCampaignCost } from '../campaign/campaign-cost.service.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import {
  businessInsights,
  type CampaignPerformance,
  compareCampaigns,
  type InsightBucket,
  loadCampaignPerformance,
  MAX_COMPARED_CAMPAIGNS,
  type Metrics,
  parseWindow,
  topContents,
} from './rollups.service.ts';

/** Rollup fields hang off rows only members can see, so a viewer is always there; this says so to the types. */
function serviceContext(ctx: Context): ServiceContext {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx as ServiceContext;
}

const RollupMetrics = builder.objectRef<Metrics>('RollupMetrics').implement({
  description: "Summed latest readings (counters are cumulative) of the measured contents; attribution from the same readings.",
  fields: (t) => ({
    measuredContent: t.exposeInt('measuredContent'),
    impressions: t.exposeInt('impressions'),
    reach: t.exposeInt('reach'),
    views: t.exposeInt('views'),
    likes: t.exposeInt('likes'),
    comments: t.exposeInt('comments'),
    shares: t.exposeInt('shares'),
    saves: t.exposeInt('saves'),
    clicks: t.exposeInt('clicks'),
    engagementRate: t.exposeFloat('engagementRate', { description: 'Interactions per 100 people reached, of the sums.' }),
    conversions: t.exposeInt('conversions', { description: 'Direct conversions.' }),
    assistedConversions: t.exposeInt('assistedConversions'),
    revenue: t.exposeFloat('revenue'),
  }),
});

const PlatformMetrics = builder.objectRef<Metrics & { platform: string }>('PlatformRollup').implement({
  fields: (t) => ({ platform: t.field({ type: PlatformEnum, resolve: (row) => row.platform as Platform }), metrics: t.field({ type: RollupMetrics, resolve: (row) => row }) }),
});
const ContentTypeMetrics = builder.objectRef<Metrics & { contentType: string }>('ContentTypeRollup').implement({
  fields: (t) => ({
    contentType: t.field({ type: ContentTypeEnum, resolve: (row) => row.contentType as never }),
    metrics: t.field({ type: RollupMetrics, resolve: (row) => row }),
  }),
});
const HourMetrics = builder.objectRef<Metrics & { hour: number }>('HourRollup').implement({
  fields: (t) => ({ hour: t.exposeInt('hour', { description: 'UTC hour of publishing, 0–23.' }), metrics: t.field({ type: RollupMetrics, resolve: (row) => row }) }),
});
const PredictedVsActual = builder.objectRef<CampaignPerformance['predictedVsActual']>('PredictedVsActual').implement({
  description: 'Of the measured contents with a prediction: the mean predicted score and the mean actual one (engagement rate × 10, at most 100).',
  fields: (t) => ({
    contents: t.exposeInt('contents'),
    predictedScore: t.exposeFloat('predictedScore', { nullable: true }),
    actualScore: t.exposeFloat('actualScore', { nullable: true }),
  }),
});

type TopItem = Awaited<ReturnType<typeof topContents>>['items'][number];
const TopContent = builder.objectRef<TopItem>('TopContent').implement({
  fields: (t) => ({
    contentId: t.id({ resolve: (row) => globalId('Content', row.contentId) }),
    title: t.exposeString('title', { nullable: true }),
    platform: t.field({ type: PlatformEnum, resolve: (row) => row.platform as Platform }),
    contentType: t.field({ type: ContentTypeEnum, resolve: (row) => row.contentType as never }),
    metrics: t.field({ type: RollupMetrics, resolve: (row) => row }),
  }),
});
const TopContentPage = builder.objectRef<{ totalCount: number; items: TopItem[] }>('TopContentPage').implement({
  fields: (t) => ({ totalCount: t.exposeInt('totalCount'), items: t.field({ type: [TopContent], resolve: (page) => page.items }) }),
});

type PerformanceWithCost = CampaignPerformance & { cost: number | null };

const CampaignAttribution = builder.objectRef<PerformanceWithCost>('CampaignAttribution').implement({
  description: 'Conversions and revenue from the readings; cost per acquisition and ROI computed from them and the campaign\'s actual cost (all of it so far, whatever the window).',
  fields: (t) => ({
    conversions: t.int({ resolve: (p) => p.totals.conversions }),
    revenue: t.float({ resolve: (p) => p.totals.revenue }),
    cost: t.float({ nullable: true, resolve: (p) => p.cost }),
    costPerAcquisition: t.float({ nullable: true, resolve: (p) => (p.cost === null || !p.totals.conversions ? null : Math.round((p.cost / p.totals.conversions) * 100) / 100) }),
    roiPercentage: t.float({ nullable: true, resolve: (p) => (!p.cost ? null : Math.round(((p.totals.revenue - p.cost) / p.cost) * 10_000) / 100) }),
  }),
});

const CampaignPerformanceRef = builder.objectRef<PerformanceWithCost & { businessId: string }>('CampaignPerformance').implement({
  fields: (t) => ({
    from: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.window.from }),
    to: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.window.to }),
    totals: t.field({ type: RollupMetrics, resolve: (p) => p.totals }),
    byPlatform: t.field({ type: [PlatformMetrics], resolve: (p) => p.byPlatform }),
    byContentType: t.field({ type: [ContentTypeMetrics], resolve: (p) => p.byContentType }),
    bestHours: t.field({ type: [HourMetrics], description: 'UTC hours of publishing, best engagement rate first.', resolve: (p) => p.bestHours }),
    predictedVsActual: t.field({ type: PredictedVsActual, resolve: (p) => p.predictedVsActual }),
    attribution: t.field({ type: CampaignAttribution, resolve: (p) => p }),
    topContents: t.field({
      type: TopContentPage,
      args: { first: t.arg.int({ defaultValue: 5 }), offset: t.arg.int({ defaultValue: 0 }) },
      resolve: (p, page, ctx) => topContents(serviceContext(ctx), { campaignId: p.campaignId, window: p.window, page }),
    }),
  }),
});

builder.prismaObjectFields(CampaignNode, (t) => ({
  performance: t.field({
    type: CampaignPerformanceRef,
    description: "Engagement of the campaign's contents: each one's latest reading in [from, to) (all time without them).",
    args: { from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime', description: 'Exclusive.' }) },
    select: { businessId: true },
    resolve: async (campaign, args, ctx) => {
      const [performance, cost] = await Promise.all([loadCampaignPerformance(serviceContext(ctx), campaign, parseWindow(args)), loadCampaignCost(ctx, campaign.id)]);
      return { ...performance, businessId: campaign.businessId, cost: cost.totalUsd };
    },
  }),
}));

const PeriodEnum = builder.enumType('InsightPeriod', { values: ['DAY', 'WEEK', 'MONTH'] as const, description: 'UTC days, ISO weeks (from Monday) or calendar months.' });

const MetricsChange = builder.objectRef<InsightBucket['change']>('RollupChange').implement({
  description: 'Percent change of each counter from the previous period (null when that was 0); engagement rate in points.',
  fields: (t) => ({
    impressions: t.exposeFloat('impressions', { nullable: true }),
    reach: t.exposeFloat('reach', { nullable: true }),
    views: t.exposeFloat('views', { nullable: true }),
    likes: t.exposeFloat('likes', { nullable: true }),
    comments: t.exposeFloat('comments', { nullable: true }),
    shares: t.exposeFloat('shares', { nullable: true }),
    saves: t.exposeFloat('saves', { nullable: true }),
    clicks: t.exposeFloat('clicks', { nullable: true }),
    conversions: t.exposeFloat('conversions', { nullable: true }),
    revenue: t.exposeFloat('revenue', { nullable: true }),
    engagementRate: t.exposeFloat('engagementRate', { nullable: true }),
  }),
});

const InsightBucketRef = builder.objectRef<InsightBucket>('InsightBucket').implement({
  description: 'What the contents earned in one period: growth of their counters from their latest reading before it.',
  fields: (t) => ({
    start: t.field({ type: 'DateTime', resolve: (b) => b.start }),
    metrics: t.field({ type: RollupMetrics, resolve: (b) => b.metrics }),
    previous: t.field({ type: RollupMetrics, resolve: (b) => b.previous }),
    change: t.field({ type: MetricsChange, resolve: (b) => b.change }),
  }),
});

export const AnomalyKindEnum = builder.enumType('AnomalyKind', { values: ['CONTENT', 'CAMPAIGN'] as const });

export const AnomalyRef = builder.objectRef<Anomaly>('EngagementAnomaly').implement({
  description: "A content or campaign whose engagement rate is far outside its business's usual range: modified z-score (median and MAD of every measured content's, or campaign's, latest rate) beyond ±3.5, once the business has 5 of them.",
  fields: (t) => ({
    kind: t.expose('kind', { type: AnomalyKindEnum }),
    campaignId: t.id({ resolve: (a) => globalId('Campaign', a.campaignId) }),
    contentId: t.id({ nullable: true, resolve: (a) => (a.contentId ? globalId('Content', a.contentId) : null) }),
    engagementRate: t.exposeFloat('engagementRate'),
    median: t.exposeFloat('median', { description: "The business's median engagement rate." }),
    score: t.exposeFloat('score', { description: 'Positive: far better than usual; negative: far worse.' }),
  }),
});

const BusinessInsights = builder.objectRef<{ buckets: InsightBucket[]; anomalies: Anomaly[] }>('BusinessInsights').implement({
  fields: (t) => ({
    buckets: t.field({ type: [InsightBucketRef], resolve: (i) => i.buckets }),
    anomalies: t.field({ type: [AnomalyRef], description: 'Of the contents and campaigns read in [from, to), against the history before `to`; at most 50 of each.', resolve: (i) => i.anomalies }),
  }),
});

builder.prismaObjectFields(BusinessNode, (t) => ({
  insights: t.field({
    type: BusinessInsights,
    description: 'Engagement per period from the one `from` falls in until `to` (exclusive), at most 400 periods.',
    args: {
      period: t.arg({ type: PeriodEnum, required: true }),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      platform: t.arg({ type: PlatformEnum }),
    },
    select: { id: true },
    resolve: (business, args, ctx) => businessInsights(serviceContext(ctx), { businessId: business.id, input: args }),
  }),
}));

builder.queryField('compareCampaigns', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [CampaignPerformanceRef],
    description: `Campaigns side by side, in the order given (duplicates once), at most ${MAX_COMPARED_CAMPAIGNS}. Any id you cannot read makes the whole answer NOT_FOUND, as a missing one does.`,
    args: { ids: t.arg.idList({ required: true }), from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, { ids, from, to }, ctx) => {
      const performances = await compareCampaigns(ctx, { ids: ids.map((id) => localId(String(id), 'Campaign')), window: parseWindow({ from, to }) });
      const costs = await Promise.all(performances.map((p) => loadCampaignCost(ctx, p.performance.campaignId)));
      return performances.map((p, index) => ({ ...p.performance, businessId: p.businessId, cost: costs[index].totalUsd }));
    },
  }),
);
