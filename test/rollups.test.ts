import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery, prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';
import { untilNoStatements } from './support/quiet.ts';

// One fixture, seeded through Prisma, with numbers worked out by hand: both database projects
// must reproduce them to the digit, which is what makes their results identical.

const at = (iso: string) => new Date(iso);
const zero = { impressions: 0, reach: 0, views: 0, likes: 0, comments: 0, shares: 0, saves: 0, clicks: 0 };

const PerformanceQuery = `query($id: ID!, $from: DateTime, $to: DateTime) {
  campaign(id: $id) { performance(from: $from, to: $to) {
    totals { measuredContent impressions reach views likes comments shares saves clicks engagementRate conversions assistedConversions revenue }
    byPlatform { platform metrics { measuredContent impressions engagementRate } }
    byContentType { contentType metrics { measuredContent impressions } }
    bestHours { hour metrics { engagementRate } }
    predictedVsActual { contents predictedScore actualScore }
    attribution { conversions revenue cost costPerAcquisition roiPercentage }
    topContents(first: 1) { totalCount items { contentId metrics { engagementRate } } }
  } }
}`;

const AddCost = `mutation($input: AddCampaignCostInput!) { addCampaignCost(input: $input) { __typename ... on CampaignCost { kind amountUsd } ... on Error { code } } }`;

const ListQuery = `query($id: ID!, $from: DateTime) {
  business(id: $id) { campaigns(first: 10) { edges { node { id performance(from: $from) { totals { impressions likes } } } } } }
}`;

const InsightsQuery = `query($id: ID!, $period: InsightPeriod!, $from: DateTime!, $to: DateTime!, $platform: Platform) {
  business(id: $id) { insights(period: $period, from: $from, to: $to, platform: $platform) { buckets {
    start metrics { measuredContent impressions likes views conversions revenue engagementRate } change { impressions engagementRate }
  } } }
}`;

const AnomaliesQuery = `query($id: ID!) {
  business(id: $id) { insights(period: MONTH, from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z") { anomalies { kind contentId engagementRate median score } } }
}`;

const OnAnomaly = parse(`subscription($businessId: ID!) { analyticsAnomaly(businessId: $businessId) { eventId anomaly { kind contentId engagementRate median } } }`) as TypedDocumentNode<
  { analyticsAnomaly: { anomaly: { kind: string; contentId: string; engagementRate: number; median: number } } },
  { businessId: string }
>;

describe.skipIf(databaseMissing)(`analytics rollups (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  const campaigns: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const contents: Record<string, string> = {};

  const local = (id: string) => decodeGlobalID(id).id;

  async function seedContent(key: string, campaign: 'a' | 'b' | 'c', fields: { platform: string; contentType: string; publishedAt: Date | null; predicted?: number }) {
    const row = await prisma.content.create({
      data: {
        campaignId: local(campaigns[campaign]),
        businessId: local(businessId),
        day: 1,
        platform: fields.platform as never,
        contentType: fields.contentType as never,
        caption: `Caption ${key}`,
        title: `Title ${key}`,
        hashtags: [],
        mentions: [],
        status: fields.publishedAt ? 'PUBLISHED' : 'DRAFT',
        publishedAt: fields.publishedAt,
        predictedPerformance: fields.predicted === undefined ? undefined : { score: fields.predicted, confidence: 0.5, predictedAt: '2026-11-01T00:00:00Z' },
      },
    });
    contents[key] = row.id;
    return row;
  }

  async function snapshot(key: string, collectedAt: string, metrics: Partial<typeof zero>, attribution?: object) {
    const content = await prisma.content.findUniqueOrThrow({ where: { id: contents[key] } });
    await prisma.analyticsSnapshot.create({
      data: { ...zero, ...metrics, contentId: content.id, businessId: content.businessId, campaignId: content.campaignId, platform: content.platform, collectedAt: at(collectedAt), attribution },
    });
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client);
    businessId = (await createBusiness(server.client, owner)).id;
    for (const key of ['a', 'b', 'c'] as const) campaigns[key] = (await createCampaign(server.client, owner, businessId, `Campaign ${key}`)).id;

    await seedContent('a1', 'a', { platform: 'INSTAGRAM', contentType: 'POST', publishedAt: at('2026-11-02T09:15:00Z'), predicted: 60 });
    await snapshot('a1', '2026-11-02T10:00:00Z', { impressions: 100, reach: 80, likes: 4, comments: 1, clicks: 2 });
    await snapshot('a1', '2026-11-03T10:00:00Z', { impressions: 1000, reach: 800, likes: 40, comments: 8, shares: 4, saves: 8, clicks: 20 }, { directConversions: 3, revenueGenerated: 150.5 });

    const a2 = await seedContent('a2', 'a', { platform: 'FACEBOOK', contentType: 'VIDEO', publishedAt: at('2026-11-04T18:40:00Z') });
    // Its first day was rolled up: only the daily row is left of it.
    await prisma.analyticsDaily.create({
      data: {
        ...zero,
        impressions: 500,
        views: 300,
        likes: 10,
        comments: 5,
        shares: 5,
        clicks: 5,
        attribution: { directConversions: 1, assistedConversions: 2, revenueGenerated: 49.5 },
        contentId: a2.id,
        businessId: a2.businessId,
        campaignId: a2.campaignId,
        platform: a2.platform,
        day: at('2026-11-04T00:00:00Z'),
        snapshotCount: 2,
        firstCollectedAt: at('2026-11-04T19:00:00Z'),
        lastCollectedAt: at('2026-11-04T23:00:00Z'),
      },
    });
    await snapshot('a2', '2026-11-10T12:00:00Z', { impressions: 600, views: 400, likes: 12, comments: 6, shares: 6, clicks: 6 }, { directConversions: 2, assistedConversions: 2, revenueGenerated: 99.5 });
    await seedContent('a3', 'a', { platform: 'INSTAGRAM', contentType: 'POST', publishedAt: null });

    await seedContent('b1', 'b', { platform: 'TWITTER', contentType: 'POST', publishedAt: at('2026-11-05T09:05:00Z'), predicted: 50 });
    await snapshot('b1', '2026-11-05T12:00:00Z', { impressions: 200, reach: 100, likes: 5, clicks: 1 });
    // Sunday night and Monday morning UTC: the ISO week turns between them.
    await snapshot('b1', '2026-11-08T23:30:00Z', { impressions: 300, reach: 150, likes: 6, clicks: 1 });
    // Campaign a's actual cost: 10 of AI calls made for it, 60 of posting and a manual 30.
    await prisma.aiLog.create({
      data: { businessId: local(businessId), campaignId: local(campaigns.a), feature: 'CAMPAIGN_GENERATION', provider: 'offline', model: 'm', costUsd: 10, promptSha256: 'x', status: 'SUCCESS', responseTimeMs: 1 },
    });
    for (const [kind, amountUsd] of [['POSTING', 60], ['ADJUSTMENT', 30]] as const) {
      const added = await server.client.raw<any>(AddCost, { input: { campaignId: campaigns.a, kind, amountUsd, note: 'boost' } }, { token: owner.token });
      expect(added.data?.addCampaignCost).toMatchObject({ __typename: 'CampaignCost', kind, amountUsd });
    }
  });
  afterAll(() => server?.stop());

  async function performance(id: string, window: { from?: string; to?: string } = {}, token = owner.token) {
    const result = await server.client.raw<{ campaign: { performance: any } | null }>(PerformanceQuery, { id, ...window }, { token });
    expect(result.errors).toBeUndefined();
    return result.data?.campaign?.performance;
  }

  it("sums each content's latest reading, daily rows included, by platform, type and hour", async () => {
    expect(await performance(campaigns.a)).toEqual({
      totals: { measuredContent: 2, impressions: 1600, reach: 800, views: 400, likes: 52, comments: 14, shares: 10, saves: 8, clicks: 26, engagementRate: 10.5, conversions: 5, assistedConversions: 2, revenue: 250 },
      byPlatform: [
        { platform: 'FACEBOOK', metrics: { measuredContent: 1, impressions: 600, engagementRate: 4 } },
        { platform: 'INSTAGRAM', metrics: { measuredContent: 1, impressions: 1000, engagementRate: 7.5 } },
      ],
      byContentType: [
        { contentType: 'POST', metrics: { measuredContent: 1, impressions: 1000 } },
        { contentType: 'VIDEO', metrics: { measuredContent: 1, impressions: 600 } },
      ],
      bestHours: [
        { hour: 9, metrics: { engagementRate: 7.5 } },
        { hour: 18, metrics: { engagementRate: 4 } },
      ],
      predictedVsActual: { contents: 1, predictedScore: 60, actualScore: 75 },
      attribution: { conversions: 5, revenue: 250, cost: 100, costPerAcquisition: 20, roiPercentage: 150 },
      topContents: { totalCount: 2, items: [{ contentId: expect.any(String), metrics: { engagementRate: 7.5 } }] },
    });
  });

  it('computes the actual cost from the AI log, posting costs and adjustments, kept apart', async () => {
    const result = await server.client.raw<any>(`query($id: ID!) { campaign(id: $id) { actualCost costBreakdown { aiUsd postingUsd adjustmentsUsd totalUsd } } }`, { id: campaigns.a }, { token: owner.token });
    expect(result.data?.campaign).toEqual({ actualCost: 100, costBreakdown: { aiUsd: 10, postingUsd: 60, adjustmentsUsd: 30, totalUsd: 100 } });
    const negative = await server.client.raw<any>(AddCost, { input: { campaignId: campaigns.a, kind: 'POSTING', amountUsd: -5 } }, { token: owner.token });
    expect(negative.data?.addCampaignCost).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
  });

  it('takes the latest reading inside the window only', async () => {
    const early = await performance(campaigns.a, { from: '2026-11-01T00:00:00Z', to: '2026-11-05T00:00:00Z' });
    expect(early.totals).toMatchObject({ measuredContent: 2, impressions: 1500, likes: 50, conversions: 4 });
    const late = await performance(campaigns.a, { from: '2026-11-05T00:00:00Z', to: '2026-11-20T00:00:00Z' });
    expect(late.totals).toMatchObject({ measuredContent: 1, impressions: 600 });
    expect(late.attribution).toMatchObject({ conversions: 2, revenue: 99.5, costPerAcquisition: 50, roiPercentage: -0.5 });
    const empty = await performance(campaigns.c);
    expect(empty.totals).toMatchObject({ measuredContent: 0, impressions: 0, engagementRate: 0 });
    expect(empty.predictedVsActual).toEqual({ contents: 0, predictedScore: null, actualScore: null });
  });

  it('buckets insights by ISO week in UTC, as growth per period, with the change from the one before', async () => {
    const result = await server.client.raw<{ business: { insights: { buckets: any[] } } }>(
      InsightsQuery,
      { id: businessId, period: 'WEEK', from: '2026-11-04T12:00:00Z', to: '2026-11-16T00:00:00Z' },
      { token: owner.token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.business.insights.buckets).toEqual([
      {
        start: '2026-11-02T00:00:00.000Z',
        metrics: { measuredContent: 3, impressions: 1800, likes: 56, views: 300, conversions: 4, revenue: 200, engagementRate: expect.any(Number) },
        change: { impressions: null, engagementRate: expect.any(Number) },
      },
      {
        start: '2026-11-09T00:00:00.000Z',
        metrics: { measuredContent: 1, impressions: 100, likes: 2, views: 100, conversions: 1, revenue: 50, engagementRate: 4 },
        change: { impressions: -94.44, engagementRate: expect.any(Number) },
      },
    ]);
    const months = await server.client.raw<{ business: { insights: { buckets: any[] } } }>(
      InsightsQuery,
      { id: businessId, period: 'MONTH', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', platform: 'TWITTER' },
      { token: owner.token },
    );
    expect(months.data?.business.insights.buckets).toMatchObject([{ start: '2026-11-01T00:00:00.000Z', metrics: { measuredContent: 1, impressions: 300, likes: 6 } }]);
  });

  it('compares campaigns side by side and refuses a foreign id as NOT_FOUND', async () => {
    const compare = `query($ids: [ID!]!) { compareCampaigns(ids: $ids) { totals { impressions } } }`;
    const both = await server.client.raw<{ compareCampaigns: any[] }>(compare, { ids: [campaigns.b, campaigns.a] }, { token: owner.token });
    expect(both.data?.compareCampaigns).toEqual([{ totals: { impressions: 300 } }, { totals: { impressions: 1600 } }]);

    const stranger = await signUpUser(server.client, 'Stranger');
    const foreign = (await createCampaign(server.client, stranger, (await createBusiness(server.client, stranger)).id)).id;
    const mixed = await server.client.raw(compare, { ids: [campaigns.a, foreign] }, { token: owner.token });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The stranger's own read of another tenant's campaign: nothing, not even zeros.
    expect(await performance(campaigns.a, {}, stranger.token)).toBeUndefined();
    const outsider = await server.client.raw(compare, { ids: [campaigns.a] }, { token: stranger.token });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tooMany = await server.client.raw(compare, { ids: Array.from({ length: 21 }, (_, i) => encodeGlobalID('Campaign', `c${i}`)) }, { token: owner.token });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const page = await server.client.raw<any>(`query($id: ID!) { campaign(id: $id) { performance { topContents(first: 51) { totalCount } } } }`, { id: campaigns.a }, { token: owner.token });
    expect(page.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses bad windows and too many periods with BAD_USER_INPUT', async () => {
    const backwards = await server.client.raw(PerformanceQuery, { id: campaigns.a, from: '2026-11-05T00:00:00Z', to: '2026-11-01T00:00:00Z' }, { token: owner.token });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await server.client.raw(InsightsQuery, { id: businessId, period: 'DAY', from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { token: owner.token });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });


  async function rollupStatements(query: string, variables: Record<string, unknown>) {
    await untilNoStatements();
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      const result = await server.client.raw<any>(query, variables, { token: owner.token });
      expect(result.errors).toBeUndefined();
      return { data: result.data, rollups: statements.filter((sql) => sql.includes('ROW_NUMBER')).length };
    } finally {
      stop();
    }
  }

  it('answers a list of campaigns with one grouped statement, then from the cache until a snapshot changes it', async () => {
    const first = await rollupStatements(ListQuery, { id: businessId, from: '2026-01-01T00:00:00Z' });
    expect(first.rollups).toBe(1);
    const likesOf = (data: any) => Object.fromEntries(data.business.campaigns.edges.map((edge: any) => [edge.node.id, edge.node.performance.totals.likes]));
    expect(likesOf(first.data)).toEqual({ [campaigns.a]: 52, [campaigns.b]: 6, [campaigns.c]: 0 });

    const cached = await rollupStatements(ListQuery, { id: businessId, from: '2026-01-01T00:00:00Z' });
    expect(cached.rollups).toBe(0);
    expect(likesOf(cached.data)).toEqual(likesOf(first.data));

    // A new snapshot through the API: the next read is fresh, computed for the campaign it touched only.
    await recordEngagement(server.client, owner, encodeGlobalID('Content', contents.b1), at('2026-11-09T01:00:00Z'), 9);
    const fresh = await rollupStatements(ListQuery, { id: businessId, from: '2026-01-01T00:00:00Z' });
    expect(fresh.rollups).toBe(1);
    expect(likesOf(fresh.data)).toEqual({ [campaigns.a]: 52, [campaigns.b]: 9, [campaigns.c]: 0 });
  });

  it('flags engagement far outside the business range (median and MAD) in insights, and pushes new ones', async () => {
    const other = await createBusiness(server.client, owner, 'Moonlight Bakery');
    const campaign = await createCampaign(server.client, owner, other.id);
    const seeded: string[] = [];
    // Engagement rates 0.8 … 1.2 % and one at 30 %: median 1.05, MAD 0.15, so a modified z-score of 130.
    for (const [index, likes] of [8, 9, 10, 11, 12, 300].entries()) {
      const content = await prisma.content.create({
        data: { campaignId: local(campaign.id), businessId: local(other.id), day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: `Post ${index}`, hashtags: [], mentions: [] },
      });
      seeded.push(content.id);
      await prisma.analyticsSnapshot.create({
        data: { ...zero, reach: 1000, likes, contentId: content.id, businessId: content.businessId, campaignId: content.campaignId, platform: 'INSTAGRAM', collectedAt: at(`2026-10-0${index + 1}T12:00:00Z`) },
      });
    }
    const result = await server.client.raw<any>(AnomaliesQuery, { id: other.id }, { token: owner.token });
    expect(result.errors).toBeUndefined();
    expect(result.data.business.insights.anomalies).toEqual([
      { kind: 'CONTENT', contentId: encodeGlobalID('Content', seeded[5]), engagementRate: 30, median: 1.05, score: expect.closeTo(130.18, 1) },
    ]);
    // The first business has too few measured contents for a usual range: nothing is flagged.
    const few = await server.client.raw<any>(AnomaliesQuery, { id: businessId }, { token: owner.token });
    expect(few.data.business.insights.anomalies).toEqual([]);

    const ws = connectWs(server.url, owner.token);
    try {
      const before = server.app.events.activeSubscriptions();
      const subscription = ws.subscribe(OnAnomaly, { businessId: other.id });
      for (let i = 0; i < 300 && server.app.events.activeSubscriptions() <= before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const outlier = await prisma.content.create({
        data: { campaignId: local(campaign.id), businessId: local(other.id), day: 2, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Viral', hashtags: [], mentions: [] },
      });
      await recordEngagement(server.client, owner, encodeGlobalID('Content', outlier.id), new Date(Date.now() - 60_000), 400);
      const event = await subscription.next(5_000);
      expect(event.analyticsAnomaly.anomaly).toEqual({ kind: 'CONTENT', contentId: encodeGlobalID('Content', outlier.id), engagementRate: 50, median: expect.any(Number) });
      subscription.unsubscribe();
    } finally {
      await ws.dispose();
    }
  });
});
