import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { CreateBusiness } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type WsClient } from './support/subscriptions.ts';

// A scraper's view: GET /metrics, parse the text exposition, compare two scrapes.

const OnContentStatus = graphql(`
  subscription MetricsOnContentStatus($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { status content { id } }
  }
`);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (format 0.0.4), comments skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name] = value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `labels`. */
const total = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

async function scrape(origin: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/metrics`, { headers });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, samples: response.ok ? parseExposition(text) : [] };
}

const post = (origin: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });

describe.skipIf(databaseMissing)(`GET /metrics (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const sockets: WsClient[] = [];
  /** Reads a metric now; `changeOf` then gives how much it moved since. */
  const reading = async () => (await scrape(server.origin)).samples;
  const changeOf = async (before: Sample[], name: string, labels: Record<string, string> = {}) => total(await reading(), name, labels) - total(before, name, labels);
  // Requests are counted when their connection is done with them, just after the client has the response.
  const settledChange = (before: Sample[], name: string, labels: Record<string, string>) => expect.poll(() => changeOf(before, name, labels), { interval: 20 });

  beforeAll(async () => {
    // A price for the offline model, so that its calls cost something to count.
    server = await startTestServer({ AI_PRICES: JSON.stringify({ 'herald-offline-1': { inputPerMillion: 3, outputPerMillion: 7 } }) });
    tenant = await seedTenant(server.client, 'Metrics');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((ws) => ws.dispose()));
    await server?.stop();
  });

  it('serves the text exposition with the process metrics, to GET and HEAD', async () => {
    const { status, contentType, text, samples } = await scrape(server.origin);
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(samples.some((s) => s.name === name), name).toBe(true);
    }
    expect(text).toContain('# TYPE herald_http_requests_total counter');
    expect(text).toContain('# TYPE herald_graphql_subscriptions_open gauge');
    const head = await fetch(`${server.origin}/metrics?from=prometheus`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('counts HTTP requests by method, route class and status class, never by the path itself', async () => {
    const before = await reading();
    expect((await post(server.origin, { query: '{ __typename }' })).status).toBe(200);
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    const strayPath = `/no-such-page-${randomUUID()}`;
    expect((await fetch(`${server.origin}${strayPath}?q=1`)).status).toBe(404);
    expect((await fetch(`${server.origin}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);

    await settledChange(before, 'herald_http_requests_total', { method: 'POST', route: 'graphql', status_class: '2xx' }).toBe(1);
    await settledChange(before, 'herald_http_requests_total', { method: 'GET', route: 'probe', status_class: '2xx' }).toBe(1);
    await settledChange(before, 'herald_http_requests_total', { method: 'GET', route: 'other', status_class: '4xx' }).toBe(1);
    await settledChange(before, 'herald_http_request_duration_seconds_count', { method: 'GET', route: 'other', status_class: '4xx' }).toBe(1);
    await settledChange(before, 'herald_http_requests_total', { method: 'POST', route: 'mcp', status_class: '4xx' }).toBe(1);
    // The scrapes themselves are requests too.
    await settledChange(before, 'herald_http_requests_total', { method: 'GET', route: 'metrics', status_class: '2xx' }).toBeGreaterThanOrEqual(1);
    const { text, samples } = await scrape(server.origin);
    expect(text).not.toContain(strayPath);
    const routes = new Set(samples.filter((s) => s.name === 'herald_http_requests_total').map((s) => s.labels.route));
    expect([...routes].every((route) => ['graphql', 'mcp', 'probe', 'metrics', 'other'].includes(route))).toBe(true);
  });

  it('counts GraphQL operations by type and outcome: a query, a mutation, a refused query', async () => {
    const before = await reading();
    const operationName = `ClientChosenName${randomUUID().replaceAll('-', '')}`;
    expect((await server.client.raw(`query ${operationName} { __typename }`)).data).toEqual({ __typename: 'Query' });
    const invalid = await server.client.raw('{ noSuchField }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const unparsable = await server.client.raw('{ business(');
    expect(unparsable.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const anonymous = await server.client.raw('{ businesses(first: 1) { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { createBusiness } = await server.client.data(CreateBusiness, { input: { name: 'Counted Café', industry: 'FOOD' } }, { token: tenant.user.token });
    expect(createBusiness.__typename).toBe('Business');
    const unknownDocument = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documentId: 'sha256:0000' }) });
    expect(((await unknownDocument.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const after = await reading();
    const change = (labels: Record<string, string>) => total(after, 'herald_graphql_operations_total', labels) - total(before, 'herald_graphql_operations_total', labels);
    expect(change({ operation_type: 'query', outcome: 'ok' })).toBe(1);
    expect(change({ operation_type: 'query', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(change({ operation_type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(change({ operation_type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(change({ operation_type: 'mutation', outcome: 'ok' })).toBe(1);
    // A refusal's code is a label of its own, not `other`.
    expect(change({ operation_type: 'unknown', outcome: 'PERSISTED_QUERY_NOT_FOUND' })).toBe(1);
    expect(change({})).toBe(6);
    const durations = (samples: Sample[]) => total(samples, 'herald_graphql_operation_duration_seconds_count', { operation_type: 'mutation', outcome: 'ok' });
    expect(durations(after) - durations(before)).toBe(1);
    // Operation names are the client's choice: not a label.
    expect((await scrape(server.origin)).text).not.toContain(operationName);
  });

  it('raises the open subscriptions and connections gauges over graphql-ws, and lowers them when they close', async () => {
    const open = (samples: Sample[]) => ({
      subscriptions: total(samples, 'herald_graphql_subscriptions_open', { transport: 'websocket' }),
      connections: total(samples, 'herald_websocket_connections_open'),
    });
    const before = await reading();
    const ws = connectWs(server.url, tenant.user.token);
    sockets.push(ws);
    const sub = ws.subscribe(OnContentStatus, { businessId: tenant.business.id });
    await expect.poll(async () => open(await reading()), { interval: 20 }).toEqual({ subscriptions: open(before).subscriptions + 1, connections: open(before).connections + 1 });
    expect(await changeOf(before, 'herald_graphql_operations_total', { operation_type: 'subscription', outcome: 'ok' })).toBe(1);

    // A refused operation opens nothing and is counted with its code.
    const refused = await new Promise<unknown>((resolve) => ws.client.subscribe({ query: 'subscription { noSuchField }' }, { next: () => {}, error: resolve, complete: () => resolve(null) }));
    expect(JSON.stringify(refused)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(await changeOf(before, 'herald_graphql_operations_total', { operation_type: 'subscription', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(open(await reading()).subscriptions).toBe(open(before).subscriptions + 1);

    sub.unsubscribe();
    await expect.poll(async () => open(await reading()).subscriptions, { interval: 20 }).toBe(open(before).subscriptions);
    await ws.dispose();
    await expect.poll(async () => open(await reading()).connections, { interval: 20 }).toBe(open(before).connections);
    expect(await changeOf(before, 'herald_graphql_operations_total', { operation_type: 'subscription' })).toBe(2);
  });

  it('counts a subscription over server-sent events apart, until the client goes away', async () => {
    const sse = async () => total(await reading(), 'herald_graphql_subscriptions_open', { transport: 'sse' });
    const base = await sse();
    const client = new AbortController();
    const stream = await post(
      server.origin,
      { query: 'subscription($id: ID) { contentStatusChanged(businessId: $id) { status } }', variables: { id: tenant.business.id } },
      { accept: 'text/event-stream', authorization: `Bearer ${tenant.user.token}` },
      client.signal,
    );
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await expect.poll(sse, { interval: 20 }).toBe(base + 1);
    expect(total(await reading(), 'herald_graphql_subscriptions_open', { transport: 'websocket' })).toBe(0);
    client.abort();
    await expect.poll(sse, { interval: 20 }).toBe(base);
  });

  it('counts AI calls, their tokens and their cost by feature, provider and model', async () => {
    const before = await reading();
    const result = await server.client.raw(
      `mutation($input: GenerateContentInput!) { generateContent(input: $input) { __typename ... on Content { id } ... on Error { code } } }`,
      { input: { campaignId: tenant.campaign.id, platform: 'INSTAGRAM', contentType: 'POST', day: 2, theme: 'Morning bake' } },
      { token: tenant.user.token },
    );
    expect(result.data).toMatchObject({ generateContent: { __typename: 'Content' } });
    const logs = await server.client.raw<{ aiLogs: { edges: { node: { promptTokens: number; completionTokens: number; costUsd: number } }[] } }>(
      'query($id: ID) { aiLogs(businessId: $id, feature: CONTENT_GENERATION, first: 10) { edges { node { promptTokens completionTokens costUsd } } } }',
      { id: tenant.business.id },
      { token: tenant.user.token },
    );
    const [logged] = logs.data?.aiLogs.edges.map((edge) => edge.node) ?? [];
    expect(logs.data?.aiLogs.edges).toHaveLength(1);
    expect(logged.costUsd).toBeGreaterThan(0);

    const after = await reading();
    const series = { feature: 'CONTENT_GENERATION', provider: 'offline', model: 'herald-offline-1' };
    const change = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);
    expect(change('herald_ai_calls_total', { ...series, outcome: 'ok' })).toBe(1);
    expect(change('herald_ai_calls_total', { feature: 'CONTENT_GENERATION' })).toBe(1);
    expect(change('herald_ai_tokens_total', { ...series, kind: 'prompt' })).toBe(logged.promptTokens);
    expect(change('herald_ai_tokens_total', { ...series, kind: 'completion' })).toBe(logged.completionTokens);
    expect(change('herald_ai_cost_usd_total', series)).toBeCloseTo(logged.costUsd, 12);
    expect(change('herald_ai_call_duration_seconds_count', { feature: 'CONTENT_GENERATION', provider: 'offline', outcome: 'ok' })).toBe(1);
  });

  it('reports jobs by queue and state, and the age of the oldest due job', async () => {
    const before = await reading();
    expect(before.some((s) => s.name === 'herald_jobs' && s.labels.queue === 'generate-campaign')).toBe(true);
    expect(before.some((s) => s.name === 'herald_job_queue_age_seconds' && s.labels.queue === 'tag-content')).toBe(true);
    const result = await server.client.raw<{ generateCampaign: { __typename: string } }>(
      `mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { __typename } }`,
      { input: { businessId: tenant.business.id, goal: 'Fill the café on weekday mornings', campaignType: 'BRAND_AWARENESS', durationDays: 2, platforms: ['INSTAGRAM'] } },
      { token: tenant.user.token },
    );
    expect(result.data?.generateCampaign.__typename).toBe('Campaign');
    await expect.poll(async () => changeOf(before, 'herald_jobs', { queue: 'generate-campaign', state: 'completed' }), { interval: 50, timeout: 15_000 }).toBe(1);
  });

  it('puts no tenant data in any label: no email, user, business, campaign or content id, no token', async () => {
    const { text, samples } = await scrape(server.origin);
    const secrets = [tenant.user.email, tenant.user.token, tenant.user.id, tenant.business.id, tenant.campaign.id, tenant.content.id];
    const values = samples.flatMap((s) => Object.values(s.labels));
    for (const secret of [...secrets, ...secrets.slice(2).map(localIdOf)]) {
      expect(text).not.toContain(secret);
      expect(values.some((value) => value.includes(secret))).toBe(false);
    }
    expect(values.some((value) => value.includes('@'))).toBe(false);
  });
});

// One server at a time: the database client is one per process.
describe.skipIf(databaseMissing)(`GET /metrics with METRICS_TOKEN (${testProvider})`, () => {
  const token = `metrics-${randomUUID()}`;
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: token, LOG_LEVEL: 'debug' }, undefined, { logLines });
  });
  afterAll(() => server?.stop());

  it('asks for the bearer token, compares it whole, and never logs it', async () => {
    expect((await scrape(server.origin)).status).toBe(401);
    expect((await scrape(server.origin, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await scrape(server.origin, { authorization: `Bearer ${token.slice(0, -1)}` })).status).toBe(401);
    expect((await scrape(server.origin, { authorization: token })).status).toBe(401);
    expect((await fetch(`${server.origin}/metrics`, { method: 'HEAD' })).status).toBe(401);
    const allowed = await scrape(server.origin, { authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(total(allowed.samples, 'herald_http_requests_total', { route: 'metrics', status_class: '4xx' })).toBe(5);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(token);
  });
});

describe.skipIf(databaseMissing)(`GET /metrics with METRICS_ENABLED=false (${testProvider})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ METRICS_ENABLED: 'false' });
  });
  afterAll(() => server?.stop());

  it('is not served: /metrics is a page like any unknown one', async () => {
    const unknown = await fetch(`${server.origin}/no-such-page`);
    const metrics = await fetch(`${server.origin}/metrics`);
    expect(unknown.status).toBe(404);
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).toBe(await unknown.text());
    expect((await server.client.raw('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
