import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { databaseMissing } from './support/database.ts';
import { createBusiness, createCampaign, createContent, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { spawnServer, type ServerProcess } from './support/server-process.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { compiledReadComparison } from './support/compiled-read-comparison.ts';

// Probes of compiled reads as an attacker and a demanding client would send them: every answer is
// compared, byte for byte, with a second server on the same database that runs the resolvers
// (COMPILED_READS=false), and what one tenant may see is asserted as well.

const Page = /* GraphQL */ `
  query Page($id: ID!) {
    business(id: $id) {
      id
      campaigns(first: 3) {
        edges { node { id } }
        named: edges { cursor node { name } }
        pageInfo { endCursor }
      }
    }
  }
`;

describe.skipIf(databaseMissing)('compiled reads, probed', () => {
  let server: TestServer;
  let reference: ServerProcess;
  let owner: TestUser;
  let other: TestUser;
  let member: TestUser;
  const ids: Record<string, string> = {};
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, undefined, { logLines });
    reference = await spawnServer({ DATABASE_URL: server.databaseUrl, COMPILED_READS: 'false', AUTO_TAGGING: 'false', JOB_SCHEDULES: 'false', JOB_POLL_SECONDS: '3600' });
    const { client } = server;
    owner = await signUpUser(client, 'Owner');
    other = await signUpUser(client, 'Other');
    member = await signUpUser(client, 'Member');
    const first = await createBusiness(client, owner, 'First');
    const empty = await createBusiness(client, owner, 'Empty');
    const foreign = await createBusiness(client, other, 'Foreign');
    ids.business = first.id;
    ids.emptyBusiness = empty.id;
    ids.foreignBusiness = foreign.id;
    for (let c = 0; c < 3; c++) {
      const campaign = await createCampaign(client, owner, first.id, `Campaign ${c}`);
      ids[`campaign${c}`] = campaign.id;
      if (c === 2) continue; // a campaign with no contents
      for (let day = 1; day <= 3; day++) {
        const content = await createContent(client, owner, campaign.id, day);
        ids[`content${c}${day}`] ??= content.id;
        if (day === 1) await recordEngagement(client, owner, content.id, new Date(Date.UTC(2026, 10, day, 12, 0, 0, 123)), 7);
      }
    }
    ids.campaign = ids.campaign0;
    ids.content = ids.content01;
    const foreignCampaign = await createCampaign(client, other, foreign.id, 'Not yours');
    ids.foreignCampaign = foreignCampaign.id;
    ids.foreignContent = (await createContent(client, other, foreignCampaign.id)).id;

    // Unicode, a long caption, floats that need 17 digits.
    const odd = await client.raw<{ updateContent: { id?: string } }>(
      `mutation ($input: UpdateContentInput!) { updateContent(input: $input) { ... on Content { id } } }`,
      { input: { id: ids.content, caption: `Émoji 🥐🍞 "quoted" \\ back\\slash \u2028 ${'long '.repeat(400)}` } },
      { token: owner.token },
    );
    expect(odd.data?.updateContent.id).toBe(ids.content);
    const rate = await client.raw<{ recordEngagement: { id?: string } }>(
      `mutation ($input: RecordEngagementInput!) { recordEngagement(input: $input) { ... on AnalyticsSnapshot { id } } }`,
      { input: { contentId: ids.content, collectedAt: new Date(Date.UTC(2026, 10, 5, 1, 2, 3, 456)).toISOString(), metrics: { impressions: 3, reach: 3, likes: 1, engagementRate: 1 / 3 } } },
      { token: owner.token },
    );
    expect(rate.errors).toBeUndefined();
    const threshold = await client.raw(
      `mutation ($input: UpdateBusinessInput!) { updateBusiness(input: $input) { ... on Business { id } } }`,
      { input: { id: first.id, autoReplyThreshold: 0.1 + 0.2 } },
      { token: owner.token },
    );
    expect(threshold.errors).toBeUndefined();

    const key = await client.raw<{ createApiKey: { key?: string } }>(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`,
      { input: { businessId: empty.id, name: 'reader', scopes: ['READ'] } },
      { token: owner.token },
    );
    ids.apiKey = key.data?.createApiKey.key ?? 'none';
    const writer = await client.raw<{ createApiKey: { key?: string } }>(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`,
      { input: { businessId: first.id, name: 'writer', scopes: ['WRITE'] } },
      { token: owner.token },
    );
    ids.writeKey = writer.data?.createApiKey.key ?? 'none';
  }, 180_000);

  afterAll(async () => {
    await reference?.stop();
    await server?.stop();
  });

  const { sameBody, sameAnswer } = compiledReadComparison(() => ({ server, reference }));

  it('reads floats, unicode, long text, nulls and milliseconds as the resolvers do', async () => {
    const answer = await sameAnswer(
      `query ($id: ID!) { business(id: $id) { autoReplyThreshold description campaigns(first: 3) { edges { node { id strategySummary startDate estimatedCost contents(first: 3) { totalCount edges { node { caption scheduledAt latestAnalytics { collectedAt metrics { engagementRate } } } } } } } } } }`,
      { id: ids.business },
      owner.token,
      'one',
    );
    expect(answer.data.business.autoReplyThreshold).toBe(0.1 + 0.2);
    const contents = answer.data.business.campaigns.edges.flatMap((edge: any) => edge.node.contents.edges.map((content: any) => content.node));
    expect(contents.some((content: any) => content.latestAnalytics?.metrics.engagementRate === 1 / 3)).toBe(true);
    expect(contents.some((content: any) => content.caption.startsWith('Émoji 🥐'))).toBe(true);
  });

  it('answers each alias of edges and node with its own selection', async () => {
    const answer = await sameAnswer(Page, { id: ids.business }, owner.token, 'one');
    expect(Object.keys(answer.data.business.campaigns.edges[0].node)).toEqual(['id']);
    expect(Object.keys(answer.data.business.campaigns.named[0].node)).toEqual(['name']);
    await sameAnswer(`query ($id: ID!) { business(id: $id) { campaigns(first: 2) { edges { node { id } other: node { name } } } } }`, { id: ids.business }, owner.token, 'one');
    await sameAnswer(`query ($id: ID!) { business(id: $id) { campaigns(first: 2) { edges { node { x: name } } more: edges { node { x: id } } } } }`, { id: ids.business }, owner.token, 'one');
    await sameAnswer(`{ businesses(first: 2) { edges { node { id } } e: edges { node { name campaigns(first: 1) { totalCount } } } } }`, {}, owner.token, 'one');
  });

  it('answers the same field twice under aliases with different arguments', async () => {
    await sameAnswer(
      `query ($id: ID!) { campaign(id: $id) { one: contents(first: 1) { totalCount edges { cursor node { id day } } pageInfo { hasNextPage endCursor } } two: contents(first: 2) { totalCount edges { node { id } } pageInfo { hasNextPage startCursor } } draft: contents(status: DRAFT, first: 1) { totalCount } none: contents(status: PUBLISHED) { totalCount edges { node { id } } } } a: campaign(id: $id) { __typename name } }`,
      { id: ids.campaign },
      owner.token,
      'one',
    );
    // Empty businesses, campaigns without contents, contents without analytics.
    await sameAnswer(
      `query ($empty: ID!, $bare: ID!) { business(id: $empty) { __typename id campaigns { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } edges { __typename cursor } } } campaign(id: $bare) { contents { totalCount edges { node { id } } } } }`,
      { empty: ids.emptyBusiness, bare: ids.campaign2 },
      owner.token,
      'one',
    );
  });

  it("answers nothing of another tenant's through aliases, fragments and directives", async () => {
    // Not marked for codegen, whose client preset refuses anonymous operations.
    const query = `
      query ($b: ID!, $c: ID!, $k: ID!, $skip: Boolean!, $include: Boolean!) {
        a: business(id: $b) { ... on Node { id } ...B }
        b: campaign(id: $c) @skip(if: $skip) { ... on Node { ... on Business { name } } ... on Campaign { name } }
        c: content(id: $k) @include(if: $include) { ... on Node { ... on Content { caption } } }
        d: business(id: $c) { id }
        e: campaign(id: $b) { id }
      }
      fragment B on Business { name campaigns { totalCount edges { node { name } } } }
    `;
    for (const [skip, include] of [[false, true], [true, false]]) {
      const foreign = await sameAnswer(query, { b: ids.foreignBusiness, c: ids.foreignCampaign, k: ids.foreignContent, skip, include }, owner.token, 'one');
      expect(Object.values(foreign.data).every((value) => value === null)).toBe(true);
    }
    const own = await sameAnswer(query, { b: ids.business, c: ids.campaign, k: ids.content, skip: false, include: true }, owner.token, 'one');
    expect(own.data.b.name).toBe('Campaign 0');
    // Ids of the wrong type, odd bytes, huge strings.
    for (const id of [ids.foreignContent, `${ids.business}\u0000`, '\u0000', 'x'.repeat(100_000), "' OR 1=1 --", '%', ids.business.toLowerCase()]) {
      const answer = await sameAnswer(query, { b: id, c: id, k: id, skip: false, include: true }, owner.token, 'any');
      if (answer.data) expect(Object.values(answer.data).filter((value) => value !== null)).toHaveLength(0);
    }
  });

  it('keeps a removed member, a key of another business and a key without READ out', async () => {
    const { client } = server;
    const invited = await client.raw<{ inviteMember: { token?: string } }>(
      `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InviteMemberPayload { token } } }`,
      { input: { businessId: ids.business, email: member.email, role: 'VIEWER' } },
      { token: owner.token },
    );
    const accepted = await client.raw<{ acceptInvitation: { id?: string } }>(
      `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ... on Member { id } } }`,
      { input: { token: invited.data?.inviteMember.token } },
      { token: member.token },
    );
    expect(accepted.errors).toBeUndefined();
    const query = `query ($b: ID!, $c: ID!, $k: ID!) { businesses { totalCount edges { node { name } } } business(id: $b) { name } campaign(id: $c) { name } content(id: $k) { id } }`;
    const variables = { b: ids.business, c: ids.campaign, k: ids.content };
    const asMember = await sameAnswer(query, variables, member.token, 'one');
    expect(asMember.data.business.name).toBe('First');
    await client.raw(`mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { ... on RemovedMember { removedId } } }`, { input: { id: accepted.data?.acceptInvitation.id } }, { token: owner.token });
    const removed = await sameAnswer(query, variables, member.token, 'one');
    expect(removed.data).toEqual({ businesses: { totalCount: 0, edges: [] }, business: null, campaign: null, content: null });

    // A READ key of the empty business, whose creator owns First as well.
    const keyed = await sameAnswer(query, variables, ids.apiKey, 'one');
    expect(keyed.data.businesses.edges.map((edge: any) => edge.node.name)).toEqual(['Empty']);
    expect([keyed.data.business, keyed.data.campaign, keyed.data.content]).toEqual([null, null, null]);
    // A key without READ: refused before anything is read.
    const refused = await sameAnswer(query, variables, ids.writeKey, 'any');
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.data).toBeUndefined();
  });

  it('filters by tags and categories of any text as the resolvers do', async () => {
    const query = `query ($id: ID!, $tag: String, $categoryId: ID) { campaign(id: $id) { contents(tag: $tag, categoryId: $categoryId) { totalCount edges { node { id } } } } }`;
    for (const tag of [`'`, `"`, `\\`, `%`, `_`, `' OR '1'='1`, `"); DROP TABLE "Content"; --`, 'ünïcødé', '🥐', '\u0000', 'a\u0000b', 'x'.repeat(10_000), '', ' ']) {
      await sameAnswer(query, { id: ids.campaign, tag }, owner.token, 'any');
      await sameAnswer(query, { id: ids.campaign, categoryId: tag }, owner.token, 'any');
    }
  });

  it('pages, coerces and picks operations as the resolvers do', async () => {
    const query = `query ($first: Int) { businesses(first: $first) { totalCount edges { node { id } } pageInfo { hasNextPage } } }`;
    for (const first of [0, 1, 100, 101, 2 ** 31 - 1, -1, null, 2 ** 31, 1.5, '1', true]) await sameAnswer(query, { first }, owner.token, 'any');
    await sameAnswer(`query ($id: ID!) { business(id: $id) { id } }`, {}, owner.token, 'usual');
    await sameAnswer(`query ($id: ID!) { business(id: $id) { id } }`, { id: 5 }, owner.token, 'any');
    await sameAnswer(`query ($id: ID!) { business(id: $id) { id } }`, { id: { a: 1 } }, owner.token, 'any');
    const twoOps = `query A { me { id } } query B { businesses { totalCount } }`;
    for (const operationName of [undefined, 'A', 'B', 'C', '']) {
      await sameBody(JSON.stringify({ query: twoOps, operationName }), owner.token, 'any');
    }
    await sameBody(JSON.stringify({ query: `{ me { id } } { businesses { totalCount } }` }), owner.token, 'any');
    await sameBody(JSON.stringify({ query: `{ me { id } }`, operationName: 'Nope' }), owner.token, 'any');
    await sameAnswer(`{ me { id email } __typename t: __typename }`, {}, undefined, 'one');
  });

  it('answers over GET and graphql-ws as over POST', async () => {
    const query = `query ($id: ID!) { business(id: $id) { id name autoReplyThreshold campaigns(first: 2) { edges { node { name } } other: edges { node { id } } } } }`;
    const variables = { id: ids.business };
    const get = async (url: string) => {
      const target = new URL(url);
      target.searchParams.set('query', query);
      target.searchParams.set('variables', JSON.stringify(variables));
      const response = await fetch(target, { headers: { authorization: `Bearer ${owner.token}`, accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' } });
      return { status: response.status, text: await response.text() };
    };
    const [expected, answer] = [await get(reference.url), await get(server.url)];
    expect(answer).toEqual(expected);
    expect(JSON.parse(answer.text).data.business.name).toBe('First');

    const overWs = async (url: string) => {
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${owner.token}` }, retryAttempts: 0 });
      try {
        const results: unknown[] = [];
        for await (const result of client.iterate({ query, variables })) results.push(result);
        return JSON.stringify(results);
      } finally {
        await client.dispose();
      }
    };
    const [expectedWs, answerWs] = [await overWs(reference.url), await overWs(server.url)];
    expect(answerWs).toBe(expectedWs);
    expect(answerWs).toContain('First');
  });

  it('logs no failure of its own, nor what the client sent', async () => {
    expect(logLines.length).toBeGreaterThan(0);
    const failures = logLines.filter((line) => line.includes('compiled read'));
    expect(failures, failures.join('\n')).toEqual([]);
    for (const secret of [owner.token, ids.apiKey, ids.writeKey, 'DROP TABLE']) expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
