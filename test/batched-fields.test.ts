import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, signUpUser, type TestUser } from './support/fixtures.ts';
import { campaignRow, contentRow, localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { dataWithStatements } from './support/sql-statements.ts';

// Fields read with resolvers of their own (versions: a table without a relation to batch on; a
// campaign's performance: a rollup, its cache and its top contents) cost the same statements for
// a list of 2 campaigns as for 10, and answer what reading each campaign alone answers.

type Json = any;

const QUERY = `query($id: ID!) { business(id: $id) { campaigns(first: 20) { edges { node { id
  versions(first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id source changedFields actor { id } rule { id name } } } }
  oldest: versions(last: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id } } }
  performance { totals { likes measuredContent } topContents(first: 1) { totalCount items { contentId metrics { likes } } } beyond: topContents(offset: 5) { totalCount items { contentId } } }
  contents(first: 5) { edges { node { id versions(first: 2) { totalCount edges { node { id } } } } } }
} } } } }`;

/** `foreignRuleId`: a rule of another business, which some RULE versions name (as no version of this one should). */
async function seedCampaigns(businessId: string, actorId: string, count: number, foreignRuleId?: string) {
  const rule = await prisma.automationRule.create({ data: { businessId, name: `Rule of ${count}`, ruleType: 'TAGGING', conditions: { match: 'ALL' }, actions: { addTags: ['x'] } } });
  const campaigns = Array.from({ length: count }, (_, c) => campaignRow(businessId, c));
  const contents = campaigns.flatMap((campaign) => [0, 1].map((i) => contentRow(campaign, i)));
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
  // Made by the actor, or else by a rule: this business's, or every other one the foreign rule.
  const version = (entityType: 'CAMPAIGN' | 'CONTENT', entityId: string, minutes: number, withActor: boolean) => ({
    entityType,
    entityId,
    businessId,
    source: withActor ? ('USER' as const) : ('RULE' as const),
    actorId: withActor ? actorId : null,
    ruleId: withActor ? null : foreignRuleId && minutes % 2 === 1 ? foreignRuleId : rule.id,
    changedFields: ['name'],
    previous: { name: `at ${minutes}` },
    createdAt: at(minutes),
  });
  // Campaign c has c + 1 versions, some made at the same moment: ordered by id then. Even ones
  // are the actor's, odd ones a rule's, so the list of 2 reads an actor and a rule too.
  const versions = [
    ...campaigns.flatMap((campaign, c) => Array.from({ length: c + 1 }, (_, v) => version('CAMPAIGN', campaign.id, Math.floor(v / 2), v % 2 === 0))),
    ...contents.flatMap((content, i) => Array.from({ length: i % 4 }, (_, v) => version('CONTENT', content.id, v, false))),
  ];
  await prisma.campaign.createMany({ data: campaigns });
  await prisma.content.createMany({ data: contents });
  await prisma.version.createMany({ data: versions });
  await prisma.analyticsSnapshot.createMany({
    data: contents.map((content, i) => ({
      contentId: content.id,
      businessId,
      campaignId: content.campaignId,
      platform: 'INSTAGRAM' as const,
      collectedAt: at(i),
      impressions: 100,
      likes: i,
    })),
  });
  return { campaigns, contents, ruleId: rule.id };
}

describe.skipIf(databaseMissing)(`versions and performance of many campaigns (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businesses: { id: string; campaigns: { id: string }[]; contents: { id: string; campaignId: string }[]; ruleId: string }[];

  async function run(id: string) {
    const { data, statements } = await dataWithStatements(server.client, QUERY, { id }, { token: owner.token });
    return { campaigns: data.business.campaigns.edges.map((edge: Json) => edge.node), statements };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Lister');
    businesses = [];
    for (const count of [2, 10]) {
      const business = await createBusiness(server.client, owner, `Shop of ${count}`);
      businesses.push({ id: business.id, ...(await seedCampaigns(localIdOf(business.id), localIdOf(owner.id), count, businesses[0]?.ruleId)) });
    }
  });
  afterAll(() => server?.stop());

  it('costs the same SQL statements for 2 campaigns as for 10, each answering what it has', async () => {
    await server.client.raw(`{ me { id } }`, {}, { token: owner.token });
    // Both lists are read for the first time: their performance figures are computed, not cached.
    const two = await run(businesses[0]!.id);
    const ten = await run(businesses[1]!.id);
    expect(two.campaigns).toHaveLength(2);
    expect(ten.campaigns).toHaveLength(10);
    expect(ten.statements.length).toBe(two.statements.length);

    for (const campaign of ten.campaigns) {
      const history = await prisma.version.findMany({ where: { entityType: 'CAMPAIGN', entityId: localIdOf(campaign.id) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      const ids = history.map((version) => Buffer.from(`Version:${version.id}`).toString('base64'));
      expect(campaign.versions.totalCount).toBe(history.length);
      expect(campaign.versions.edges.map((edge: Json) => edge.node.id)).toEqual(ids.slice(0, 3));
      expect(campaign.versions.edges.map((edge: Json) => edge.node.actor?.id ?? null)).toEqual(history.slice(0, 3).map((version) => (version.actorId ? owner.id : null)));
      const ownRule = businesses[1]!.ruleId;
      expect(campaign.versions.edges.map((edge: Json) => edge.node.rule?.id ?? null)).toEqual(
        history.slice(0, 3).map((version) => (version.ruleId === ownRule ? Buffer.from(`AutomationRule:${ownRule}`).toString('base64') : null)),
      );
      expect(campaign.versions.pageInfo).toMatchObject({ hasNextPage: history.length > 3, hasPreviousPage: false });
      expect(campaign.versions.pageInfo.startCursor).toBe(campaign.versions.edges[0]?.cursor ?? null);
      expect(campaign.versions.pageInfo.endCursor).toBe(campaign.versions.edges.at(-1)?.cursor ?? null);
      expect(campaign.oldest).toEqual({
        totalCount: history.length,
        pageInfo: { hasNextPage: false, hasPreviousPage: history.length > 2 },
        edges: ids.slice(-2).map((id) => ({ node: { id } })),
      });
      for (const content of campaign.contents.edges.map((edge: Json) => edge.node)) {
        const own = await prisma.version.findMany({ where: { entityType: 'CONTENT', entityId: localIdOf(content.id) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
        expect(content.versions.totalCount).toBe(own.length);
        expect(content.versions.edges.map((edge: Json) => localIdOf(edge.node.id))).toEqual(own.slice(0, 2).map((version) => version.id));
      }
    }
    expect(ten.campaigns.map((campaign: Json) => campaign.versions.totalCount).sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    // Each campaign's performance as it answers alone, cached or not.
    for (const campaign of ten.campaigns) {
      const contents = businesses[1]!.contents.filter((content) => content.campaignId === localIdOf(campaign.id));
      const alone = await server.client.raw<Json>(
        `query($id: ID!) { campaign(id: $id) { performance { totals { likes measuredContent } topContents(first: 1) { totalCount items { contentId metrics { likes } } } beyond: topContents(offset: 5) { totalCount items { contentId } } } } }`,
        { id: campaign.id },
        { token: owner.token },
      );
      expect(campaign.performance).toEqual(alone.data.campaign.performance);
      expect(campaign.performance.totals.measuredContent).toBe(contents.length);
      expect(campaign.performance.topContents.totalCount).toBe(2);
      expect(localIdOf(campaign.performance.topContents.items[0].contentId)).toBe(contents[1]!.id);
      expect(campaign.performance.beyond).toEqual({ totalCount: 0, items: [] });
    }
  });

  it('answers a campaign asked twice alike, and the versions a later mutation of the same request wrote', async () => {
    const local = businesses[1]!.campaigns[5]!.id;
    const id = Buffer.from(`Campaign:${local}`).toString('base64');
    const history = await prisma.version.findMany({ where: { entityType: 'CAMPAIGN', entityId: local }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    const page = { totalCount: history.length, edges: history.slice(-2).map((version) => ({ node: { id: Buffer.from(`Version:${version.id}`).toString('base64') } })) };
    const twice = await server.client.raw<Json>(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Campaign { versions(last: 2) { totalCount edges { node { id } } } } } }`, { ids: [id, id] }, { token: owner.token });
    expect(twice.data.nodes).toEqual([{ versions: page }, { versions: page }]);

    const edits = await server.client.raw<Json>(
      `mutation($id: ID!) {
        once: updateCampaign(input: { id: $id, name: "Renamed once" }) { ... on Campaign { versions(first: 1) { totalCount edges { node { previous } } } } }
        twice: updateCampaign(input: { id: $id, name: "Renamed twice" }) { ... on Campaign { versions(first: 1) { totalCount edges { node { previous } } } } }
      }`,
      { id },
      { token: owner.token },
    );
    expect(edits.errors).toBeUndefined();
    expect(edits.data.once.versions.totalCount).toBe(history.length + 1);
    expect(edits.data.once.versions.edges[0].node.previous.name).toBe('Campaign 5');
    expect(edits.data.twice.versions.totalCount).toBe(history.length + 2);
    expect(edits.data.twice.versions.edges[0].node.previous.name).toBe('Renamed once');
  });
});
