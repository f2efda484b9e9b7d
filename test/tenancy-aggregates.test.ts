import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { BusinessTags, CategorizeContent, CategoryUsage, ListBusinesses, ReceiveMessage, TagSuggestions } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Every figure that sums or counts rows (totalCount, usage counts, AI usage) counts only the
// viewer's own rows. A owns more of everything than B, under the same tag and category names,
// so a figure that counted the other tenant's rows would differ from the one counted here
// straight from the database.

const AiLogsCount = graphql(`
  query AggregatesAiLogs($businessId: ID) { aiLogs(businessId: $businessId, first: 100) { totalCount edges { node { id business { id } } } } }
`);

const AiUsageCalls = graphql(`
  query AggregatesAiUsage($businessId: ID!) { aiUsage(businessId: $businessId) { feature calls promptTokens } }
`);

const NestedCounts = graphql(`
  query AggregatesNested($businessId: ID!, $campaignId: ID!, $contentId: ID!) {
    business(id: $businessId) { campaigns(first: 50) { totalCount } messages(first: 50) { totalCount } }
    campaign(id: $campaignId) { contents(first: 50) { totalCount } tagged: contents(first: 50, tag: "bakery") { totalCount } }
    content(id: $contentId) { analytics(first: 50) { totalCount } }
  }
`);

const UsageOfTwo = graphql(`
  query AggregatesUsageOfTwo($mine: ID!, $theirs: ID!) {
    categories { mine: usageCount(businessId: $mine) theirs: usageCount(businessId: $theirs) children { mine: usageCount(businessId: $mine) theirs: usageCount(businessId: $theirs) } }
  }
`);

interface Tenant {
  user: TestUser;
  businesses: { id: string; campaignId: string; contentIds: string[] }[];
}

const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);

describe.skipIf(databaseMissing)(`aggregates count only the viewer's rows (${testProvider})`, () => {
  let server: TestServer;
  let a: Tenant;
  let b: Tenant;
  const as = (tenant: Tenant) => ({ token: tenant.user.token });
  const missingBusiness = encodeGlobalID('Business', 'does-not-exist');

  /** A user with a business per entry, each with a campaign of that many tagged, engaged content items and a message. */
  async function seed(name: string, contentsPerBusiness: number[]): Promise<Tenant> {
    const user = await signUpUser(server.client, name);
    const businesses = [];
    for (const [index, contents] of contentsPerBusiness.entries()) {
      const business = await createBusiness(server.client, user, `${name} ${index}`);
      const campaign = await createCampaign(server.client, user, business.id);
      const contentIds = [];
      for (let day = 1; day <= contents; day++) {
        const content = await createContent(server.client, user, campaign.id, day);
        expectType((await server.client.data(CategorizeContent, { id: content.id }, { token: user.token })).categorizeContent, 'Content');
        await recordEngagement(server.client, user, content.id, new Date(Date.now() - day * 3_600_000));
        contentIds.push(content.id);
      }
      const { receiveMessage } = await server.client.data(
        ReceiveMessage,
        { input: { businessId: business.id, platform: 'INSTAGRAM', incomingMessage: 'Do you deliver?' } },
        { token: user.token },
      );
      expectType(receiveMessage, 'Message');
      businesses.push({ id: business.id, campaignId: campaign.id, contentIds });
    }
    // An AI call of the user's own outside any business.
    await prisma.aiLog.create({
      data: { userId: localIdOf(user.id), feature: 'EMBEDDING', provider: 'offline', model: 'm', promptSha256: 'x', status: 'SUCCESS', responseTimeMs: 1 },
    });
    return { user, businesses };
  }

  beforeAll(async () => {
    server = await startTestServer();
    a = await seed('Ample', [3, 2]);
    b = await seed('Bare', [1]);
  }, 120_000);
  afterAll(() => server?.stop());

  const tenants = () => [
    { viewer: a, other: b },
    { viewer: b, other: a },
  ];

  it('businesses.totalCount', async () => {
    for (const { viewer } of tenants()) {
      const { businesses } = await server.client.data(ListBusinesses, { first: 50 }, as(viewer));
      expect(businesses.totalCount).toBe(viewer.businesses.length);
      expect(businesses.edges.map((e) => e.node.id).sort()).toEqual(viewer.businesses.map((business) => business.id).sort());
    }
  });

  it('tags: totalCount and usage counts are the business’s own; another’s business has none', async () => {
    for (const { viewer, other } of tenants()) {
      for (const business of viewer.businesses) {
        const businessId = localIdOf(business.id);
        const { tags } = await server.client.data(BusinessTags, { businessId: business.id }, as(viewer));
        expect(tags.totalCount).toBe(await prisma.tag.count({ where: { businessId } }));
        expect(tags.edges.find((e) => e.node.name === 'bakery')?.node.usageCount).toBe(business.contentIds.length);
        expect(sum(tags.edges.map((e) => e.node.usageCount))).toBe(await prisma.contentTag.count({ where: { content: { businessId } } }));
      }
      for (const business of other.businesses) {
        expect((await server.client.data(BusinessTags, { businessId: business.id }, as(viewer))).tags).toEqual({ totalCount: 0, edges: [] });
      }
      expect((await server.client.data(BusinessTags, { businessId: missingBusiness }, as(viewer))).tags).toEqual({ totalCount: 0, edges: [] });
    }
  });

  it('tagSuggestions: the business’s own tags with its own counts; another’s business has none', async () => {
    for (const { viewer, other } of tenants()) {
      const [own] = viewer.businesses;
      const { tagSuggestions } = await server.client.data(TagSuggestions, { businessId: own.id, prefix: 'bak' }, as(viewer));
      expect(tagSuggestions.find((t) => t.name === 'bakery')?.usageCount).toBe(own.contentIds.length);
      const ownIds = (await prisma.tag.findMany({ where: { businessId: localIdOf(own.id) }, select: { id: true } })).map((t) => t.id);
      expect(tagSuggestions.every((t) => ownIds.includes(localIdOf(t.id)))).toBe(true);
      expect((await server.client.data(TagSuggestions, { businessId: other.businesses[0].id, prefix: '' }, as(viewer))).tagSuggestions).toEqual([]);
    }
  });

  it('categories { usageCount(businessId) }: the business’s own content only; 0 for another’s', async () => {
    for (const { viewer, other } of tenants()) {
      for (const business of viewer.businesses) {
        const counts = (await server.client.data(CategoryUsage, { businessId: business.id }, as(viewer))).categories.flatMap((c) => [c, ...c.children]);
        for (const category of counts) {
          const expected = await prisma.content.count({ where: { businessId: localIdOf(business.id), primaryCategoryId: localIdOf(category.id) } });
          expect(category.usageCount, category.name).toBe(expected);
        }
        expect(sum(counts.map((c) => c.usageCount))).toBe(business.contentIds.length);
      }
      const theirs = (await server.client.data(CategoryUsage, { businessId: other.businesses[0].id }, as(viewer))).categories;
      expect(sum(theirs.flatMap((c) => [c, ...c.children]).map((c) => c.usageCount))).toBe(0);
      // Both in one request (one grouped count for the two): still only the viewer's.
      const both = (await server.client.data(UsageOfTwo, { mine: viewer.businesses[0].id, theirs: other.businesses[0].id }, as(viewer))).categories;
      const flat = both.flatMap((c) => [c, ...c.children]);
      expect(sum(flat.map((c) => c.mine))).toBe(viewer.businesses[0].contentIds.length);
      expect(sum(flat.map((c) => c.theirs))).toBe(0);
    }
  });

  it('aiUsage: calls of the business’s own; another’s business is NOT_FOUND like a missing one', async () => {
    for (const { viewer, other } of tenants()) {
      for (const business of viewer.businesses) {
        const { aiUsage } = await server.client.data(AiUsageCalls, { businessId: business.id }, as(viewer));
        expect(sum(aiUsage.map((u) => u.calls))).toBe(await prisma.aiLog.count({ where: { businessId: localIdOf(business.id) } }));
      }
      const foreign = await server.client.request(AiUsageCalls, { businessId: other.businesses[0].id }, as(viewer));
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(foreign).toEqual(await server.client.request(AiUsageCalls, { businessId: missingBusiness }, as(viewer)));
    }
  });

  it('aiLogs: with a businessId its calls only, without one every call of the viewer’s', async () => {
    for (const { viewer, other } of tenants()) {
      const userId = localIdOf(viewer.user.id);
      const all = (await server.client.data(AiLogsCount, {}, as(viewer))).aiLogs;
      expect(all.totalCount).toBe(await prisma.aiLog.count({ where: { OR: [{ business: { ownerId: userId } }, { businessId: null, userId }] } }));
      const ownBusinessIds = viewer.businesses.map((business) => business.id);
      expect(all.edges.every((e) => e.node.business === null || ownBusinessIds.includes(e.node.business.id))).toBe(true);
      for (const business of viewer.businesses) {
        const one = (await server.client.data(AiLogsCount, { businessId: business.id }, as(viewer))).aiLogs;
        expect(one.totalCount).toBe(await prisma.aiLog.count({ where: { businessId: localIdOf(business.id) } }));
      }
      const foreign = await server.client.request(AiLogsCount, { businessId: other.businesses[0].id }, as(viewer));
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(foreign).toEqual(await server.client.request(AiLogsCount, { businessId: missingBusiness }, as(viewer)));
    }
  });

  it('nested connections: totalCount under the viewer’s own objects', async () => {
    for (const { viewer, other } of tenants()) {
      for (const business of viewer.businesses) {
        const variables = { businessId: business.id, campaignId: business.campaignId, contentId: business.contentIds[0] };
        expect(await server.client.data(NestedCounts, variables, as(viewer))).toEqual({
          business: { campaigns: { totalCount: 1 }, messages: { totalCount: 1 } },
          campaign: { contents: { totalCount: business.contentIds.length }, tagged: { totalCount: business.contentIds.length } },
          content: { analytics: { totalCount: 1 } },
        });
      }
      const [theirs] = other.businesses;
      const foreign = { businessId: theirs.id, campaignId: theirs.campaignId, contentId: theirs.contentIds[0] };
      expect(await server.client.data(NestedCounts, foreign, as(viewer))).toEqual({ business: null, campaign: null, content: null });
    }
  });
});
