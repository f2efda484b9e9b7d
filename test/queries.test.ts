import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery, prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import {
  BusinessMessages,
  Dashboard,
  GetContent,
  ListBusinesses,
  NodeById,
  CategoryUsage,
  ReceiveMessage,
  TransitionContent,
} from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { contentRow, localIdOf, seedGraph } from './support/seed-graph.ts';
import { graphql } from './generated/gql.ts';

const CampaignContents = graphql(`
  query CampaignContents($id: ID!, $first: Int, $after: String, $status: ContentStatus, $platform: Platform) {
    campaign(id: $id) {
      contents(first: $first, after: $after, status: $status, platform: $platform) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id day platform status } }
      }
    }
  }
`);

const BusinessCampaigns = graphql(`
  query BusinessCampaigns($id: ID!, $status: CampaignStatus) {
    business(id: $id) { campaigns(first: 10, status: $status) { totalCount edges { node { id status } } } }
  }
`);

describe.skipIf(databaseMissing)(`queries (${testProvider})`, () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await signUpUser(server.client, 'Reader');
  });
  afterAll(() => server?.stop());

  it('pages through businesses newest first with cursors and a total count', async () => {
    const owner = await signUpUser(server.client, 'Pager');
    const created = [];
    for (let i = 1; i <= 5; i++) created.push(await createBusiness(server.client, owner, `Shop ${i}`));
    const seen: string[] = [];
    let after: string | null | undefined;
    for (const expectedSize of [2, 2, 1]) {
      const { businesses } = await server.client.data(ListBusinesses, { first: 2, after }, { token: owner.token });
      expect(businesses.totalCount).toBe(5);
      expect(businesses.edges).toHaveLength(expectedSize);
      seen.push(...businesses.edges.map((edge) => edge.node.name));
      expect(businesses.pageInfo.hasNextPage).toBe(seen.length < 5);
      after = businesses.pageInfo.endCursor;
    }
    expect(seen).toEqual(['Shop 5', 'Shop 4', 'Shop 3', 'Shop 2', 'Shop 1']);
  });

  it('caps a page at 100 items and rejects bad paging arguments with BAD_USER_INPUT', async () => {
    const business = await createBusiness(server.client, user, 'Big');
    const campaign = await createCampaign(server.client, user, business.id);
    await prisma.content.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        campaignId: localIdOf(campaign.id),
        businessId: localIdOf(business.id),
        day: (i % 14) + 1,
        platform: 'INSTAGRAM' as const,
        contentType: 'POST' as const,
        caption: `Post ${i}`,
        hashtags: [],
        mentions: [],
      })),
    });
    const page = await server.client.data(CampaignContents, { id: campaign.id, first: 500 }, { token: user.token });
    expect(page.campaign?.contents.edges).toHaveLength(100);
    expect(page.campaign?.contents.totalCount).toBe(105);
    expect(page.campaign?.contents.pageInfo.hasNextPage).toBe(true);

    for (const variables of [{ first: -1 }, { after: 'not-a-cursor' }]) {
      const bad = await server.client.request(CampaignContents, { id: campaign.id, ...variables }, { token: user.token });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('filters nested connections, and totalCount counts the filtered set', async () => {
    const business = await createBusiness(server.client, user, 'Filters');
    const campaign = await createCampaign(server.client, user, business.id);
    const first = await createContent(server.client, user, campaign.id, 1);
    await createContent(server.client, user, campaign.id, 2);
    await server.client.data(TransitionContent, { id: first.id, to: 'REVIEW' }, { token: user.token });

    const review = await server.client.data(CampaignContents, { id: campaign.id, status: 'REVIEW' }, { token: user.token });
    expect(review.campaign?.contents.totalCount).toBe(1);
    expect(review.campaign?.contents.edges.map((e) => e.node.id)).toEqual([first.id]);
    const tiktok = await server.client.data(CampaignContents, { id: campaign.id, platform: 'TIKTOK' }, { token: user.token });
    expect(tiktok.campaign?.contents.totalCount).toBe(0);
    const all = await server.client.data(CampaignContents, { id: campaign.id }, { token: user.token });
    expect(all.campaign?.contents.edges.map((e) => e.node.day)).toEqual([1, 2]);

    const drafts = await server.client.data(BusinessCampaigns, { id: business.id, status: 'DRAFT' }, { token: user.token });
    expect(drafts.business?.campaigns.totalCount).toBe(1);
    const active = await server.client.data(BusinessCampaigns, { id: business.id, status: 'ACTIVE' }, { token: user.token });
    expect(active.business?.campaigns.totalCount).toBe(0);
  });

  it('keeps every analytics snapshot and reports the latest by collection time', async () => {
    const business = await createBusiness(server.client, user, 'Analytics');
    const campaign = await createCampaign(server.client, user, business.id);
    const content = await createContent(server.client, user, campaign.id);
    const day = 86_400_000;
    const now = Date.now();
    await recordEngagement(server.client, user, content.id, new Date(now - 2 * day), 5);
    const newest = await recordEngagement(server.client, user, content.id, new Date(now - 1 * day), 50);
    await recordEngagement(server.client, user, content.id, new Date(now - 3 * day), 1); // arrives late
    const result = await server.client.data(GetContent, { id: content.id }, { token: user.token });
    expect(result.content?.latestAnalytics?.id).toBe(newest.id);
    expect(result.content?.latestAnalytics?.metrics.likes).toBe(50);
    expect(result.content?.analytics.totalCount).toBe(3);
    expect(result.content?.analytics.edges.map((e) => e.node.metrics.likes)).toEqual([50, 5, 1]);
    expect(newest.metrics.engagementRate).toBeCloseTo((50 / 800) * 100, 2);
  });

  it('filters messages by status', async () => {
    const business = await createBusiness(server.client, user, 'Inbox');
    const statuses: string[] = [];
    for (const text of ['Are you open on Sunday?', 'Do you deliver?', 'I want a refund for my order']) {
      const { receiveMessage } = await server.client.data(
        ReceiveMessage,
        { input: { businessId: business.id, platform: 'INSTAGRAM', incomingMessage: text, senderHandle: '@fan' } },
        { token: user.token },
      );
      expect(receiveMessage).toMatchObject({ __typename: 'Message', business: { id: business.id } });
      if (receiveMessage.__typename === 'Message') statuses.push(receiveMessage.status);
    }
    expect(statuses).toContain('ESCALATED');
    for (const status of ['RECEIVED', 'DRAFTED', 'SENT', 'ESCALATED'] as const) {
      const page = await server.client.data(BusinessMessages, { id: business.id, status }, { token: user.token });
      expect(page.business?.messages.totalCount, status).toBe(statuses.filter((s) => s === status).length);
      expect(page.business?.messages.edges.every((edge) => edge.node.status === status)).toBe(true);
    }
  });

  it('resolves every node type by global ID for its owner', async () => {
    const business = await createBusiness(server.client, user, 'Nodes');
    const campaign = await createCampaign(server.client, user, business.id, 'Node campaign');
    const content = await createContent(server.client, user, campaign.id);
    const snapshot = await recordEngagement(server.client, user, content.id, new Date());
    const cases: [string, string][] = [
      [business.id, 'Business'],
      [campaign.id, 'Campaign'],
      [content.id, 'Content'],
      [snapshot.id, 'AnalyticsSnapshot'],
      [user.id, 'User'],
    ];
    for (const [id, typename] of cases) {
      const { node } = await server.client.data(NodeById, { id }, { token: user.token });
      expect(node).toMatchObject({ __typename: typename, id });
    }
    expect(business.id).not.toContain('Business'); // opaque
  });

  it('answers GET /health with 200 while the database answers', async () => {
    const response = await fetch(`${server.origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('costs the same number of SQL statements for 2×2×2 rows as for 20×20×5', async () => {
    async function statementsFor(businesses: number, campaigns: number, contents: number) {
      const owner = await signUpUser(server.client, `Dash${businesses}`);
      await seedGraph(localIdOf(owner.id), businesses, campaigns, contents);
      const statements: string[] = [];
      const stop = onQuery((sql) => statements.push(sql));
      try {
        const { businesses: page } = await server.client.data(
          Dashboard,
          { businesses: businesses, campaigns: campaigns, contents: contents },
          { token: owner.token },
        );
        expect(page.totalCount).toBe(businesses);
        const rows = page.edges.flatMap((b) => b.node.campaigns.edges.flatMap((c) => c.node.contents.edges));
        expect(rows).toHaveLength(businesses * campaigns * contents);
        expect(rows.every((row) => row.node.latestAnalytics?.metrics.likes === 2)).toBe(true);
      } finally {
        stop();
      }
      return statements;
    }
    const small = await statementsFor(2, 2, 2);
    const large = await statementsFor(20, 20, 5);
    expect(large.length).toBe(small.length);
    expect(small.length).toBeLessThanOrEqual(12);
  });

  it("counts a business's use of every category with the same SQL statements for 40 categories as for 100", async () => {
    const owner = await signUpUser(server.client, 'Categorised');
    const business = await createBusiness(server.client, owner, 'Categorised');
    const campaign = await createCampaign(server.client, owner, business.id);
    async function usage() {
      const statements: string[] = [];
      const stop = onQuery((sql) => statements.push(sql));
      try {
        const { categories } = await server.client.data(CategoryUsage, { businessId: business.id }, { token: owner.token });
        return { statements, counts: categories.flatMap((c) => [c, ...c.children]) };
      } finally {
        stop();
      }
    }
    /** One content item of the business in each of the first `count` categories, the first of them twice. */
    async function useCategories(count: number) {
      const categories = await prisma.category.findMany({ orderBy: { name: 'asc' }, take: count });
      await prisma.content.createMany({
        data: [categories[0], ...categories].map((category, i) => ({
          ...contentRow({ id: localIdOf(campaign.id), businessId: localIdOf(business.id) }, i),
          primaryCategoryId: category.id,
        })),
      });
      return categories;
    }

    await useCategories(40);
    const before = await usage();
    expect(before.counts).toHaveLength(40);
    expect(before.counts.reduce((sum, c) => sum + c.usageCount, 0)).toBe(41);

    await prisma.category.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ id: `extra-${i}`, name: `Extra ${i}`, keywords: [] })) });
    await prisma.category.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ name: `Extra ${i % 20}.${i}`, parentId: `extra-${i % 20}`, keywords: [] })),
    });
    await prisma.content.deleteMany({ where: { businessId: localIdOf(business.id) } });
    const used = await useCategories(100);
    const after = await usage();
    expect(after.counts).toHaveLength(100);
    const byId = new Map(after.counts.map((c) => [localIdOf(c.id), c.usageCount]));
    expect(used.map((c, i) => byId.get(c.id) === (i === 0 ? 2 : 1)).every(Boolean)).toBe(true);
    expect(after.statements.length).toBe(before.statements.length);
    expect(after.statements.length).toBeLessThanOrEqual(5);
    expect(after.statements.filter((sql) => /GROUP BY/i.test(sql))).toHaveLength(1);
  });
});

