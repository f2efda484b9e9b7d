import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Inputs built to break a server: NUL characters (PostgreSQL refuses them in text, SQLite
// truncates them later), nesting deep enough to exhaust a stack, dates from year 1.

describe.skipIf(databaseMissing)(`hostile input (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await seedTenant(server.client, 'Target');
  });
  afterAll(() => server?.stop());

  const businessCount = async () =>
    ((await server.client.raw<{ businesses: { totalCount: number } }>('{ businesses(first: 1) { totalCount } }', {}, { token: tenant.user.token })).data
      ?.businesses.totalCount);

  const createBusiness = 'mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { __typename } }';

  it('refuses a NUL character in a variable with BAD_USER_INPUT, writing nothing', async () => {
    const before = await businessCount();
    const result = await server.client.raw(createBusiness, { input: { name: 'Bad\u0000Name', industry: 'FOOD' } }, { token: tenant.user.token });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors?.[0]?.message).toMatch(/\$input\.name.*NUL/);
    expect(await businessCount()).toBe(before);
  });

  it('refuses a NUL character in a string of the query itself', async () => {
    const result = await server.client.raw('mutation { createBusiness(input: { name: "Bad\\u0000Name", industry: FOOD }) { __typename } }', {}, { token: tenant.user.token });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses a NUL character or a lone surrogate in a JSON key', async () => {
    for (const key of ['a\u0000', 'a\ud800']) {
      const result = await server.client.raw(
        'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename } }',
        { input: { contentId: tenant.content.id, collectedAt: new Date().toISOString(), metrics: { likes: 1 }, audienceInsights: { [key]: 1 } } },
        { token: tenant.user.token },
      );
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it.each([
    ['a terminal escape', 'Fresh \u001b[31mbread'],
    ['only invisible characters', '\u200b\ufeff'],
  ])('refuses a caption with %s', async (_name, caption) => {
    const result = await server.client.raw<{ createContent: { __typename: string; fieldErrors?: { path: string[] }[] } }>(
      'mutation($input: CreateContentInput!) { createContent(input: $input) { __typename ... on ValidationError { fieldErrors { path } } } }',
      { input: { campaignId: tenant.campaign.id, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption } },
      { token: tenant.user.token },
    );
    expect(result.data?.createContent).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'caption'] }] });
  });

  it('refuses a JSON key "__proto__" at any depth, in variables or in the query, instead of dropping it, writing nothing', async () => {
    const snapshots = async () =>
      (await server.client.raw<{ content: { analytics: { totalCount: number } } }>('query($id: ID!) { content(id: $id) { analytics { totalCount } } }', { id: tenant.content.id }, { token: tenant.user.token })).data
        ?.content.analytics.totalCount;
    const before = await snapshots();
    const record = 'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename } }';
    const input = (audienceInsights: string) =>
      `{"contentId":${JSON.stringify(tenant.content.id)},"collectedAt":"${new Date().toISOString()}","metrics":{"likes":1},"audienceInsights":${audienceInsights}}`;
    // Sent as JSON text: JSON.parse makes "__proto__" an own key, which is what a client's body does.
    for (const insights of ['{"__proto__":{"polluted":true},"ages":{"18-24":0.4}}', '{"ages":{"__proto__":{"polluted":true}}}']) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.user.token}` },
        body: `{"query":${JSON.stringify(record)},"variables":{"input":${input(insights)}}}`,
      });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/__proto__/) });
    }
    const literal = await server.client.raw(
      `mutation { recordEngagement(input: { contentId: ${JSON.stringify(tenant.content.id)}, collectedAt: "${new Date().toISOString()}", metrics: { likes: 1 }, audienceInsights: { __proto__: { polluted: true } } }) { __typename } }`,
      {},
      { token: tenant.user.token },
    );
    expect(literal.data ?? null).toBeNull();
    // A literal's value is checked during validation, like any literal that does not fit its type.
    expect(literal.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/__proto__/) });
    expect(await snapshots()).toBe(before);
    // The server runs in this process: nothing reached Object.prototype.
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses JSON nested deeper than 10 levels', async () => {
    let insights: unknown = 'deep';
    for (let i = 0; i < 50; i++) insights = { level: insights };
    const result = await server.client.raw(
      'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename } }',
      { input: { contentId: tenant.content.id, collectedAt: new Date().toISOString(), metrics: { likes: 1 }, audienceInsights: insights } },
      { token: tenant.user.token },
    );
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses variables nested 100,000 levels deep without falling over', async () => {
    const depth = 100_000;
    const body = `{"query":"query($v: [ID!]!) { nodes(ids: $v) { id } }","variables":{"v":${'['.repeat(depth)}"x"${']'.repeat(depth)}}}`;
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBeLessThan(500);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
  });

  it.each([
    ['year 1', '0001-01-01T00:00:00Z'],
    ['year 2200', '2200-01-01T00:00:00Z'],
  ])('refuses a date in %s', async (_name, collectedAt) => {
    const result = await server.client.raw(
      'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename } }',
      { input: { contentId: tenant.content.id, collectedAt, metrics: { likes: 1 } } },
      { token: tenant.user.token },
    );
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors?.[0]?.message).toMatch(/between 1970-01-01 and 2100-01-01/);
  });
});
