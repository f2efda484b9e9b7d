import net from 'node:net';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery } from '../src/db/client.ts';
import { defaultQueryLimits } from '../src/graphql/limits.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { Dashboard } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';
import { untilNoStatements } from './support/quiet.ts';
import { chunkedBody } from './support/chunked-body.ts';

const OnContentStatus = graphql(`
  subscription LimitsContentStatus($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { eventId status }
  }
`);

const ContentTags = graphql(`
  query LimitsDashboardLiterals {
    businesses(first: 5) {
      edges { node { id campaigns(first: 5) { edges { node { id contents(first: 10) {
        edges { node { id caption latestAnalytics { id metrics { likes } } tags { name } } }
      } } } } } }
    }
  }
`);

describe.skipIf(databaseMissing)(`query limits (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await seedTenant(server.client);
  });
  afterAll(() => server?.stop());

  /** Sends a raw request and counts the SQL statements the server ran for it. */
  async function measured(query: string, variables: Record<string, unknown> = {}, token: string | undefined = tenant.user.token) {
    await untilNoStatements();
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      const response = await server.client.raw(query, variables, { token });
      return { ...response, statements };
    } finally {
      stop();
    }
  }

  function expectRefusal(result: { status: number; data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }, code: string, message: RegExp) {
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.message).not.toMatch(/Syntax Error/);
  }

  it('serves the dashboard with literal page sizes (5 × 5 × 10 with analytics and tags)', async () => {
    const { businesses } = await server.client.data(ContentTags, {}, { token: tenant.user.token });
    expect(businesses.edges).toHaveLength(1);
  });

  it('counts page sizes given as variables, and refuses 100 × 100 × 100 before any SQL runs', async () => {
    const { print } = await import('graphql');
    const result = await measured(print(Dashboard), { businesses: 100, campaigns: 100, contents: 100 });
    expectRefusal(result, 'QUERY_TOO_COMPLEX', /1010100 nodes; the limit is 50000/);
    expect(result.statements).toEqual([]);
    const allowed = await server.client.data(Dashboard, { businesses: 5, campaigns: 5, contents: 10 }, { token: tenant.user.token });
    expect(allowed.businesses.totalCount).toBe(1);
  });

  it('measures the same document anew for other variables (measures are remembered per document and variables)', async () => {
    const { print } = await import('graphql');
    const query = print(Dashboard);
    for (let round = 0; round < 2; round++) {
      const small = await server.client.raw(query, { businesses: 5, campaigns: 5, contents: 10 }, { token: tenant.user.token });
      expect(small.errors).toBeUndefined();
      expectRefusal(await server.client.raw(query, { businesses: 100, campaigns: 100, contents: 100 }, { token: tenant.user.token }), 'QUERY_TOO_COMPLEX', /1010100 nodes/);
      expectRefusal(await server.client.raw(query, { businesses: 50, campaigns: 100, contents: 100 }, { token: tenant.user.token }), 'QUERY_TOO_COMPLEX', /505050 nodes/);
    }
  });

  it('counts the default page size of 20 when none is given', async () => {
    const { print } = await import('graphql');
    // 20 + 20 × 20 + 20 × 20 × 20 nodes: within the limit.
    const result = await measured(print(Dashboard), {});
    expect(result.errors).toBeUndefined();
  });

  it('refuses a query nested deeper than the limit, naming both depths', async () => {
    let selection = 'id';
    for (let i = 0; i < 6; i++) selection = `campaign { business { campaigns { edges { node { contents { edges { node { ${selection} } } } } } } } }`;
    const result = await measured(`{ content(id: "x") { ${selection} } }`);
    expectRefusal(result, 'BAD_USER_INPUT', new RegExp(`is \\d+ levels deep; the limit is ${defaultQueryLimits.maxDepth}`));
    expect(result.statements).toEqual([]);
  });

  it('refuses too many aliases, naming the count and the limit', async () => {
    const aliases = Array.from({ length: defaultQueryLimits.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ');
    const result = await measured(`{ ${aliases} }`);
    expectRefusal(result, 'BAD_USER_INPUT', new RegExp(`has ${defaultQueryLimits.maxAliases + 1} aliases; the limit is ${defaultQueryLimits.maxAliases}`));
    expect(result.statements).toEqual([]);
  });

  it('refuses an oversized document, naming its token count', async () => {
    const fields = Array.from({ length: defaultQueryLimits.maxTokens }, () => 'id').join(' ');
    const result = await measured(`{ me { ${fields} } }`);
    expectRefusal(result, 'BAD_USER_INPUT', new RegExp(`has ${defaultQueryLimits.maxTokens + 5} tokens; the limit is ${defaultQueryLimits.maxTokens}`));
    expect(result.statements).toEqual([]);
  });

  it('refuses a request body over 1 MB with its size', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/The request body is 1100\d+ bytes; the limit is 1000000/);
  });

  it('closes the connection after refusing a declared length over the limit: a body shorter than it declared leaves no next request waiting', async () => {
    // A client that declared more than it sent (or gave up uploading on the 400) and sends its next
    // request on the same connection: kept open, the server read that request as the rest of the body.
    const { host, port, pathname } = new URL(server.url);
    const socket = net.connect(Number(port), host.split(':')[0]);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    const request = (length: number, body: string) =>
      `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${body}`;
    socket.write(request(2_000_000, '{"query":"{ __typename }"'));
    while (!/\r\n\r\n[\s\S]*\}\]\}/.test(received)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toContain('The request body is 2000000 bytes; the limit is 1000000.');
    received = '';
    const next = '{"query":"{ __typename }"}';
    socket.write(request(next.length, next), () => {});
    expect(await closed).toBe(true);
    expect(received).toBe('');
  });

  it('reads a body of undeclared length (chunked) no further than the limit, and answers one within it', async () => {
    const post = (text: string) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, ...chunkedBody(text) });

    const tooLarge = await post(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } }));
    const refused = (await tooLarge.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(tooLarge.status).toBe(400);
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors[0].message).toMatch(/over the limit of 1000000 bytes/);

    const small = await post(JSON.stringify({ query: '{ __typename }', variables: { padding: 'y'.repeat(200_000) } }));
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('takes at most 100 ids in nodes(ids:), refusing more before any SQL runs', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => encodeGlobalID('Content', `made-up-${i}`));
    const result = await measured('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expectRefusal(result, 'BAD_USER_INPUT', /nodes takes at most 100 ids; this request gives 10000/);
    expect(result.statements).toEqual([]);
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);
    const hundred = await measured('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.slice(0, 100) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data).toEqual({ nodes: Array(100).fill(null) });
  });

  it('over WebSocket, answers a refused or malformed operation with an error and keeps the socket and its other subscriptions', async () => {
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const live = ws.subscribe(OnContentStatus, { businessId: tenant.business.id });
      const me = await ws.client.iterate({ query: '{ me { id } }' }).next();
      expect(me.value).toMatchObject({ data: { me: { id: tenant.user.id } } });
      const outcomes = await Promise.all(
        ['subscription { contentStatusChanged(businessId: "x") { ', `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`].map(
          (query) =>
            new Promise<{ code?: unknown }>((resolve) =>
              ws.client.subscribe({ query }, { next: () => {}, error: (errors) => resolve((errors as { extensions?: { code?: unknown } }[])[0]?.extensions ?? {}), complete: () => resolve({}) }),
            ),
        ),
      );
      expect(outcomes.map((extensions) => extensions.code)).toEqual(['GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);
      // The socket is still open and its first subscription still delivers.
      await server.client.data(
        graphql(`mutation LimitsTransition($id: ID!) { transitionContent(id: $id, to: REVIEW) { __typename } }`),
        { id: tenant.content.id },
        { token: tenant.user.token },
      );
      expect((await live.next()).contentStatusChanged.status).toBe('REVIEW');
    } finally {
      await ws.dispose();
    }
  });

  it('counts plain lists by their real bound: a hundred campaigns of a 1,000-entry calendar is refused', async () => {
    const result = await measured('query($id: ID!) { business(id: $id) { campaigns(first: 100) { edges { node { contentCalendar { theme } } } } } }', {
      id: tenant.business.id,
    });
    expectRefusal(result, 'QUERY_TOO_COMPLEX', /100100 nodes/);
    expect(result.statements).toEqual([]);
  });

  it('refuses with HTTP 400 whatever the client accepts', async () => {
    const aliases = Array.from({ length: defaultQueryLimits.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ');
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: `{ ${aliases} }` }) });
      expect(response.status).toBe(400);
    }
  });

  it('keeps at most 100 automation rules per business', async () => {
    const owner = await seedTenant(server.client, 'Ruler');
    const rule = (i: number) =>
      `r${i}: createAutomationRule(input: { businessId: $id, name: "Rule ${i}", ruleType: TAGGING, conditions: { keywords: ["bread"] }, actions: { addTags: ["bread"] } }) { __typename }`;
    for (let batch = 0; batch < 5; batch++) {
      const rules = Array.from({ length: 20 }, (_, i) => rule(batch * 20 + i)).join(' ');
      const result = await server.client.raw(`mutation($id: ID!) { ${rules} }`, { id: owner.business.id }, { token: owner.user.token });
      expect(Object.values(result.data ?? {}).every((r) => (r as { __typename: string }).__typename === 'AutomationRule')).toBe(true);
    }
    const extra = await server.client.raw<{ r: { __typename: string; message?: string } }>(
      `mutation($id: ID!) { r: createAutomationRule(input: { businessId: $id, name: "One too many", ruleType: TAGGING, conditions: { keywords: ["x"] }, actions: { addTags: ["x"] } }) { __typename ... on Error { message } } }`,
      { id: owner.business.id },
      { token: owner.user.token },
    );
    expect(extra.data?.r).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/at most 100 automation rules/) });
  });

  it('runs at most 100 operations at a time on one WebSocket, refusing the next without closing it', async () => {
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const subscriptions = Array.from({ length: 100 }, () => ws.subscribe(OnContentStatus, { businessId: tenant.business.id }));
      const extra = ws.subscribe(OnContentStatus, { businessId: tenant.business.id });
      expect((await extra.errors)[0]).toMatchObject({ message: expect.stringMatching(/at most 100 operations/), extensions: { code: 'BAD_USER_INPUT' } });
      await server.client.data(
        graphql(`mutation LimitsBackToDraft($id: ID!) { transitionContent(id: $id, to: DRAFT) { __typename } }`),
        { id: tenant.content.id },
        { token: tenant.user.token },
      );
      expect((await subscriptions[99].next()).contentStatusChanged.status).toBe('DRAFT');
    } finally {
      await ws.dispose();
    }
  });
});
