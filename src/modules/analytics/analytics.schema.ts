import type { Attribution as AttributionShape } from '../../domain/json-columns.ts';
import { builder } from '../../graphql/builder.ts';
import { compiledRead } from '../../graphql/compiled-reads/read-descriptors.ts';
import { PlatformEnum, SnapshotSourceEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { ContentNode, PredictedPerformance } from '../content/content.schema.ts';
import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { recordEngagement } from './analytics.service.ts';

const EngagementMetrics = builder.prismaObject('AnalyticsSnapshot', {
  variant: 'EngagementMetrics',
  select: {},
  fields: (t) => ({
    impressions: t.exposeInt('impressions'),
    reach: t.exposeInt('reach'),
    views: t.exposeInt('views'),
    likes: t.exposeInt('likes'),
    comments: t.exposeInt('comments'),
    shares: t.exposeInt('shares'),
    saves: t.exposeInt('saves'),
    clicks: t.exposeInt('clicks'),
    profileVisits: t.exposeInt('profileVisits'),
    websiteClicks: t.exposeInt('websiteClicks'),
    engagementRate: t.exposeFloat('engagementRate', { description: 'Interactions per 100 people reached.' }),
  }),
});

const Attribution = builder.objectRef<AttributionShape>('Attribution').implement({
  fields: (t) => ({
    directConversions: t.int({ resolve: (a) => a.directConversions ?? 0 }),
    assistedConversions: t.int({ resolve: (a) => a.assistedConversions ?? 0 }),
    revenueGenerated: t.float({ nullable: true, resolve: (a) => a.revenueGenerated ?? null }),
    costPerAcquisition: t.float({ nullable: true, resolve: (a) => a.costPerAcquisition ?? null }),
    roiPercentage: t.float({ nullable: true, resolve: (a) => a.roiPercentage ?? null }),
  }),
});

export const AnalyticsSnapshotNode = builder.prismaNode('AnalyticsSnapshot', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    platform: t.expose('platform', { type: PlatformEnum }),
    collectedAt: t.expose('collectedAt', { type: 'DateTime' }),
    source: t.expose('source', { type: SnapshotSourceEnum, description: 'MANUAL (recordEngagement) or the publishing provider that read it; OFFLINE figures are simulated.' }),
    metrics: t.variant(EngagementMetrics),
    predictedPerformance: t.expose('predictedPerformance', { type: PredictedPerformance, nullable: true }),
    audienceInsights: t.expose('audienceInsights', { type: 'JSON', nullable: true }),
    attribution: t.expose('attribution', { type: Attribution, nullable: true }),
    content: t.relation('content', { type: ContentNode }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const newestFirst = [{ collectedAt: 'desc' as const }, { id: 'desc' as const }];

builder.prismaObjectFields(ContentNode, (t) => ({
  analytics: t.relatedConnection('analytics', {
    type: AnalyticsSnapshotNode,
    cursor: 'id',
    totalCount: true,
    description: 'Engagement snapshots, newest first.',
    query: { orderBy: newestFirst },
    extensions: compiledRead({ kind: 'relationConnection', relation: 'analytics', query: () => ({ orderBy: newestFirst }) }),
  }),
  latestAnalytics: t.field({
    type: AnalyticsSnapshotNode,
    nullable: true,
    select: (_args, _ctx, nestedSelection) => ({
      analytics: nestedSelection({ take: 1, orderBy: newestFirst }),
    }),
    extensions: compiledRead({ kind: 'relationFirst', relation: 'analytics', orderBy: newestFirst }),
    resolve: (content) => content.analytics[0] ?? null,
  }),
}));

const MetricsInput = builder.inputType('EngagementMetricsInput', {
  description: 'Counts default to 0; engagementRate is computed from them when left out.',
  fields: (t) => ({
    impressions: t.int(),
    reach: t.int(),
    views: t.int(),
    likes: t.int(),
    comments: t.int(),
    shares: t.int(),
    saves: t.int(),
    clicks: t.int(),
    profileVisits: t.int(),
    websiteClicks: t.int(),
    engagementRate: t.float(),
  }),
});

const PredictedPerformanceInput = builder.inputType('PredictedPerformanceInput', {
  fields: (t) => ({ score: t.float({ required: true }), confidence: t.float({ required: true }) }),
});

const AttributionInput = builder.inputType('AttributionInput', {
  fields: (t) => ({
    directConversions: t.int(),
    assistedConversions: t.int(),
    revenueGenerated: t.float(),
    costPerAcquisition: t.float(),
    roiPercentage: t.float(),
  }),
});

const RecordEngagementInput = builder.inputType('RecordEngagementInput', {
  fields: (t) => ({
    contentId: t.id({ required: true }),
    collectedAt: t.field({ type: 'DateTime', required: true }),
    metrics: t.field({ type: MetricsInput, required: true }),
    predictedPerformance: t.field({ type: PredictedPerformanceInput }),
    audienceInsights: t.field({ type: 'JSON' }),
    attribution: t.field({ type: AttributionInput }),
  }),
});

builder.mutationField('recordEngagement', (t) =>
  t.withAuth({ authenticated: true }).prismaField({
    type: AnalyticsSnapshotNode,
    errors: {},
    description: 'Appends an engagement snapshot to a content item; earlier snapshots are kept.',
    args: { input: t.arg({ type: RecordEngagementInput, required: true }) },
    resolve: (query, _root, { input: { contentId, ...input } }, ctx) =>
      recordEngagement(ctx, { contentId: localId(contentId, 'Content'), input, query }),
  }),
);
