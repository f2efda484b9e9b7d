import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing } from './support/database.ts';
import { createBusiness, createCampaign, createContent, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { spawnServer, type ServerProcess } from './support/server-process.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { compiledReadComparison } from './support/compiled-read-comparison.ts';

// Compiled reads answer a query with one SQL statement instead of the resolvers. Every answer here
// is compared, byte for byte, with a second server on the same database that runs the resolvers
// (COMPILED_READS=false); the statement count shows which way the first server went.

const Everything = /* GraphQL */ `
  query Everything($businesses: Int, $campaigns: Int, $contents: Int, $status: ContentStatus, $platform: Platform, $tag: String, $categoryId: ID) {
    me { __typename id email fullName role isActive createdAt updatedAt }
    businesses(first: $businesses) {
      __typename totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id name industry description brandVoice plan autoReplyThreshold createdAt updatedAt
          owner { id fullName }
          campaigns(first: $campaigns) {
            totalCount
            pageInfo { endCursor hasNextPage }
            edges {
              node {
                ...CampaignParts
                contents(first: $contents, status: $status, platform: $platform, tag: $tag, categoryId: $categoryId) {
                  totalCount
                  edges { cursor node { ...ContentParts } }
                }
              }
            }
          }
        }
      }
    }
  }
  fragment CampaignParts on Campaign { id name goal campaignType status durationDays strategySummary estimatedCost startDate endDate postingFrequency generationStatus createdAt business { id name } }
  fragment ContentParts on Content {
    id day platform contentType caption status title script qualityScore revisionCount scheduledAt publishedAt
    campaign { id name }
    ... on Node { id }
    latestAnalytics { __typename id platform collectedAt source createdAt metrics { impressions reach views likes comments shares saves clicks profileVisits websiteClicks engagementRate } }
    analytics(first: 1) { totalCount edges { node { id collectedAt } } }
  }
`;

const Dashboard = /* GraphQL */ `
  query CompiledDashboard($businesses: Int, $campaigns: Int, $contents: Int) {
    businesses(first: $businesses) { totalCount edges { node { id name campaigns(first: $campaigns) { totalCount edges { node { id name status contents(first: $contents) { totalCount edges { node { id caption status latestAnalytics { id collectedAt metrics { impressions likes engagementRate } } } } } } } } } } }
  }
`;

const OneOfEach = /* GraphQL */ `
  query OneOfEach($business: ID!, $campaign: ID!, $content: ID!, $skipCampaign: Boolean = false, $withContent: Boolean = true) {
    mine: business(id: $business) { id name again: name campaigns(first: 1) { edges { node { id } } } }
    campaign(id: $campaign) @skip(if: $skipCampaign) { id name contents { totalCount } }
    content(id: $content) @include(if: $withContent) { id caption latestAnalytics { id } }
    __typename
  }
`;

describe.skipIf(databaseMissing)('compiled reads', () => {
  let server: TestServer;
  let reference: ServerProcess;
  let owner: TestUser;
  let other: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    reference = await spawnServer({ DATABASE_URL: server.databaseUrl, COMPILED_READS: 'false', AUTO_TAGGING: 'false', JOB_SCHEDULES: 'false', JOB_POLL_SECONDS: '3600' });
    const { client } = server;
    owner = await signUpUser(client, 'Owner');
    other = await signUpUser(client, 'Other');
    const first = await createBusiness(client, owner, 'First');
    const second = await createBusiness(client, owner, 'Second');
    const foreign = await createBusiness(client, other, 'Foreign');
    ids.business = first.id;
    ids.foreignBusiness = foreign.id;
    ids.secondBusiness = second.id;
    for (const business of [first, second]) {
      for (let c = 0; c < 3; c++) {
        const campaign = await createCampaign(client, owner, business.id, `${business.name} campaign ${c}`);
        ids.campaign ??= campaign.id;
        for (let day = 1; day <= 3; day++) {
          const content = await createContent(client, owner, campaign.id, day);
          ids.content ??= content.id;
          if (day !== 2) await recordEngagement(client, owner, content.id, new Date(Date.UTC(2026, 10, day, 12)), day * 7);
        }
      }
    }
    const foreignCampaign = await createCampaign(client, other, foreign.id, 'Not yours');
    ids.foreignCampaign = foreignCampaign.id;
    ids.foreignContent = (await createContent(client, other, foreignCampaign.id)).id;
    const tagged = await client.raw<{ tagContent: { tags?: { name: string }[] } }>(
      `mutation ($id: ID!) { tagContent(id: $id) { ... on Content { tags { name } } } }`,
      { id: ids.content },
      { token: owner.token },
    );
    ids.tag = tagged.data?.tagContent.tags?.[0]?.name ?? 'none';
    const key = await client.raw<{ createApiKey: { key?: string } }>(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`,
      { input: { businessId: first.id, name: 'reader', scopes: ['READ'] } },
      { token: owner.token },
    );
    ids.apiKey = key.data?.createApiKey.key ?? 'none';
  }, 180_000);

  afterAll(async () => {
    await reference?.stop();
    await server?.stop();
  });

  const { sameAnswer } = compiledReadComparison(() => ({ server, reference }));

  it('answers the dashboard with one statement, as the resolvers do', async () => {
    for (const variables of [{}, { businesses: 1, campaigns: 2, contents: 2 }, { businesses: 0, campaigns: 0, contents: 0 }, { businesses: 5, campaigns: 5, contents: 5 }]) {
      const answer = await sameAnswer(Dashboard, variables, owner.token, 'one');
      expect(answer.data.businesses.totalCount).toBe(2);
    }
  });

  it('answers every column, relation, fragment, page and filter it compiles as the resolvers do', async () => {
    // The default page size (20) at three levels would be over the query's node limit.
    const pages = [{ businesses: 1, campaigns: 1, contents: 1 }, { campaigns: 2, contents: 2 }, { businesses: 2, campaigns: 3, contents: 4 }, { campaigns: 3, contents: 0 }];
    const filters = [{ status: 'DRAFT' }, { status: 'PUBLISHED' }, { platform: 'FACEBOOK' }, { tag: ids.tag }, { tag: 'no such tag' }, { categoryId: 'garbage' }].map((filter) => ({ ...filter, campaigns: 3, contents: 3 }));
    for (const variables of [...pages, ...filters]) {
      const answer = await sameAnswer(Everything, variables, owner.token, 'one');
      expect(answer.errors).toBeUndefined();
    }
    // Aliases named like Object.prototype's members are fields like any other.
    const odd = await sameAnswer(
      `query ($id: ID!) { __proto__: business(id: $id) { constructor: name toString: id hasOwnProperty: campaigns(first: 1) { __proto__: totalCount } } }`,
      { id: ids.business },
      owner.token,
      'one',
    );
    expect(Object.keys(odd.data)).toEqual(['__proto__']);
    const tagged = await sameAnswer(Everything, { tag: ids.tag, campaigns: 3, contents: 1 }, owner.token, 'one');
    expect(ids.tag).not.toBe('none');
    const taggedCounts = tagged.data.businesses.edges.flatMap((business: any) => business.node.campaigns.edges.map((campaign: any) => campaign.node.contents.totalCount));
    expect(taggedCounts.reduce((sum: number, count: number) => sum + count, 0)).toBe(1);
  });

  it("answers nothing of another tenant's, and null for ids that are not the viewer's", async () => {
    const own = await sameAnswer(OneOfEach, { business: ids.business, campaign: ids.campaign, content: ids.content }, owner.token, 'one');
    expect(own.data.mine.name).toBe('First');
    expect(own.data.content.latestAnalytics).not.toBeNull();
    const foreign = await sameAnswer(OneOfEach, { business: ids.foreignBusiness, campaign: ids.foreignCampaign, content: ids.foreignContent }, owner.token, 'one');
    expect(foreign.data).toEqual({ mine: null, campaign: null, content: null, __typename: 'Query' });
    await sameAnswer(OneOfEach, { business: 'not an id', campaign: ids.business, content: '', skipCampaign: true, withContent: false }, owner.token, 'one');
    // A key sees only its own business, though it acts for a member of two.
    const keyed = await sameAnswer(Dashboard, {}, ids.apiKey, 'one');
    expect(keyed.data.businesses.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['First']);
    const ownKey = await sameAnswer(OneOfEach, { business: ids.business, campaign: ids.campaign, content: ids.content }, ids.apiKey, 'one');
    expect(ownKey.data.mine.name).toBe('First');
    const otherBusiness = await sameAnswer(OneOfEach, { business: ids.secondBusiness, campaign: ids.campaign, content: ids.content, withContent: false }, ids.apiKey, 'one');
    expect(otherBusiness.data.mine).toBeNull();
    const theirs = await sameAnswer(Dashboard, {}, other.token, 'one');
    expect(theirs.data.businesses.totalCount).toBe(1);
    await sameAnswer(OneOfEach, { business: ids.business, campaign: ids.campaign, content: ids.content }, undefined, 'one');
  });

  it('leaves what it does not compile to the resolvers, with their errors', async () => {
    // Not signed in (businesses needs a viewer), paging backwards or after a cursor, bad page sizes,
    // a field with a resolver of its own, a variable of the wrong type, an abstract type.
    await sameAnswer(Dashboard, {}, undefined, 'usual');
    await sameAnswer(`{ businesses(last: 1) { edges { node { id } } } }`, {}, owner.token, 'usual');
    const page = await sameAnswer(`{ businesses(first: 1) { pageInfo { endCursor } } }`, {}, owner.token, 'one');
    await sameAnswer(`query ($after: String) { businesses(first: 1, after: $after) { edges { node { name } } } }`, { after: page.data.businesses.pageInfo.endCursor }, owner.token, 'usual');
    await sameAnswer(Dashboard, { businesses: -1 }, owner.token, 'usual');
    // Over the maximum page size: cut to it, as the resolvers do.
    await sameAnswer(`{ businesses(first: 500) { totalCount edges { node { id } } } }`, {}, owner.token, 'one');
    await sameAnswer(`{ businesses { edges { node { id viewerRole } } } }`, {}, owner.token, 'usual');
    await sameAnswer(Dashboard, { businesses: 'two' }, owner.token, 'usual');
    await sameAnswer(`query ($id: ID!) { node(id: $id) { id } }`, { id: ids.business }, owner.token, 'usual');
  });
});
