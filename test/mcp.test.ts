import { brotliCompressSync, gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/prisma-schema.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/server.ts';

// The MCP server as agents use it: the SDK's own Client over Streamable HTTP (/mcp on the test
// server) and over stdio (`npm run mcp` as a separate process on the same database), with API keys.

const RATE_LIMIT = 100;
// Starting `npm run mcp` (tsx, the app, its database) takes seconds, more while other suites run.
const SPAWNS_A_PROCESS_MS = 90_000;

const TOOLS = [
  'list_businesses',
  'get_business',
  'list_campaigns',
  'get_campaign',
  'create_campaign',
  'generate_campaign',
  'get_campaign_performance',
  'list_content',
  'create_content',
  'update_content',
  'transition_content',
  'generate_content',
  'categorize_content',
  'search_content',
  'list_messages',
  'draft_reply',
  'get_ai_usage',
];

type Json = Record<string, any>;

function succeeded(result: unknown): Json {
  const { isError, structuredContent, content } = result as CallToolResult;
  expect(isError, JSON.stringify(content)).toBeFalsy();
  // Clients without structured content read the same JSON as text.
  expect(JSON.parse((content[0] as { text: string }).text)).toEqual(structuredContent);
  return structuredContent as Json;
}

function failed(result: unknown): Json {
  const { isError, structuredContent } = result as CallToolResult;
  expect(isError, JSON.stringify(structuredContent)).toBe(true);
  return (structuredContent as { error: Json }).error;
}

const profileUri = (businessId: string) => `herald://businesses/${encodeURIComponent(businessId)}/profile`;
const calendarUri = (campaignId: string) => `herald://campaigns/${encodeURIComponent(campaignId)}/calendar`;
const readJson = async (client: Client, uri: string) => JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text);

describe.skipIf(databaseMissing)(`MCP (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let foreign: { businessId: string; campaignId: string; contentId: string };
  const clients: Client[] = [];

  async function createKey(scopes: string[]) {
    const { data } = await server.client.raw<Json>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key apiKey { id } } ... on Error { code message } } }`,
      { input: { businessId, name: `MCP ${scopes.join('+')}`, scopes } },
      { token: owner.token },
    );
    expect(data?.createApiKey.__typename, JSON.stringify(data)).toBe('CreateApiKeyPayload');
    return { key: data?.createApiKey.key as string, id: data?.createApiKey.apiKey.id as string };
  }

  async function revokeKey(id: string) {
    const { data } = await server.client.raw<Json>(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, { id }, { token: owner.token });
    expect(data?.revokeApiKey.__typename).toBe('ApiKey');
  }

  function stdioEnv(key: string) {
    return {
      HERALD_API_KEY: key,
      DATABASE_URL: server.databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      AI_PROVIDER: 'offline',
      // As on the test server: no background tagging, and this process only works the jobs it
      // enqueues itself (polling would let it take the test server's generations).
      AUTO_TAGGING: 'false',
      JOB_POLL_SECONDS: '3600',
      JOB_SCHEDULES: 'false',
    };
  }

  const connect = {
    async http(token: string) {
      const client = new Client({ name: 'herald-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.origin), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      clients.push(client);
      return client;
    },
    async stdio(key: string) {
      const client = new Client({ name: 'herald-test', version: '1.0.0' });
      const transport = new StdioClientTransport({ command: 'npm', args: ['run', '--silent', 'mcp'], cwd: projectRoot, env: stdioEnv(key), stderr: 'pipe' });
      let stderr = '';
      transport.stderr?.on('data', (chunk) => (stderr += chunk));
      await client.connect(transport).catch((error: unknown) => {
        throw new Error(`npm run mcp did not start: ${error}\n${stderr}`);
      });
      clients.push(client);
      return client;
    },
  };

  beforeAll(async () => {
    server = await startTestServer({ API_KEY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
    owner = await signUpUser(server.client, 'McpOwner');
    businessId = (await createBusiness(server.client, owner, 'Zephyr Bakery')).id;
    const stranger = await signUpUser(server.client, 'McpStranger');
    const strangerBusiness = await createBusiness(server.client, stranger, 'Stranger Bakery');
    const strangerCampaign = await createCampaign(server.client, stranger, strangerBusiness.id);
    const strangerContent = await createContent(server.client, stranger, strangerCampaign.id);
    foreign = { businessId: strangerBusiness.id, campaignId: strangerCampaign.id, contentId: strangerContent.id };
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await server?.stop();
  });

  describe.each(['http', 'stdio'] as const)('over %s', (transport) => {
    let client: Client;
    let campaignId: string;
    let contentId: string;
    const marker = `zephyr${transport}`;

    beforeAll(async () => {
      client = await connect[transport]((await createKey(['READ', 'WRITE', 'AI', 'ADMIN'])).key);
    }, SPAWNS_A_PROCESS_MS);

    it('lists every tool with the JSON Schema of its arguments', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(TOOLS);
      for (const tool of tools) {
        expect(tool.inputSchema.type, tool.name).toBe('object');
        expect(tool.description, tool.name).toBeTruthy();
      }
      const create = tools.find((tool) => tool.name === 'create_campaign')!;
      expect(create.inputSchema.required).toEqual(['businessId', 'name', 'goal', 'campaignType', 'durationDays']);
      expect(create.inputSchema.properties).toMatchObject({
        durationDays: { type: 'integer', minimum: 1, maximum: 365 },
        campaignType: { enum: expect.arrayContaining(['PRODUCT_LAUNCH', 'BRAND_AWARENESS']) },
        startDate: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      });
      expect(tools.find((tool) => tool.name === 'list_campaigns')!.annotations).toMatchObject({ readOnlyHint: true });
    });

    it('serves a whole flow through the same services and IDs as GraphQL', async () => {
      const businesses = succeeded(await client.callTool({ name: 'list_businesses', arguments: {} }));
      // A key reaches its own business only.
      expect(businesses).toEqual({ items: [expect.objectContaining({ id: businessId, name: 'Zephyr Bakery', viewerRole: 'OWNER' })], nextCursor: null });
      expect(succeeded(await client.callTool({ name: 'get_business', arguments: { businessId } }))).toMatchObject({ industry: 'FOOD', brandVoice: 'warm' });

      const campaign = succeeded(
        await client.callTool({
          name: 'create_campaign',
          arguments: {
            businessId,
            name: `Croissant week ${transport}`,
            goal: 'Sell more croissants',
            campaignType: 'PRODUCT_LAUNCH',
            durationDays: 7,
            startDate: '2027-03-01T00:00:00Z',
            targetPlatforms: ['INSTAGRAM', 'FACEBOOK'],
            contentCalendar: [{ day: 1, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Croissants' }],
          },
        }),
      );
      expect(campaign).toMatchObject({ businessId, status: 'DRAFT', allowedTransitions: ['ACTIVE', 'ARCHIVED'], startDate: '2027-03-01T00:00:00.000Z', endDate: '2027-03-08T00:00:00.000Z' });
      campaignId = campaign.id;
      // The same global ID in GraphQL.
      const viaGraphQL = await server.client.raw<Json>(`query($id: ID!) { campaign(id: $id) { id name } }`, { id: campaignId }, { token: owner.token });
      expect(viaGraphQL.data?.campaign).toEqual({ id: campaignId, name: `Croissant week ${transport}` });

      const invalid = failed(await client.callTool({ name: 'create_campaign', arguments: { businessId, name: 'x', goal: 'y', campaignType: 'OTHER', durationDays: 0 } }));
      expect(invalid).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['durationDays'], message: 'Must be at least 1 day' }] });
      const outside = failed(
        await client.callTool({
          name: 'create_campaign',
          arguments: { businessId, name: 'x', goal: 'y', campaignType: 'OTHER', durationDays: 2, contentCalendar: [{ day: 5, platform: 'SMS', contentType: 'SMS', theme: 'z' }] },
        }),
      );
      expect(outside.fieldErrors).toEqual([{ path: ['contentCalendar', '0', 'day'], message: "Must be within the campaign's 2 days" }]);

      const listed = succeeded(await client.callTool({ name: 'list_campaigns', arguments: { businessId, status: 'DRAFT' } }));
      expect(listed.items.map((item: Json) => item.id)).toContain(campaignId);
      expect(listed.items[0]).not.toHaveProperty('contentCalendar');

      const content = succeeded(
        await client.callTool({
          name: 'create_content',
          arguments: { campaignId, day: 1, platform: 'INSTAGRAM', contentType: 'POST', title: 'Croissant morning', caption: `Warm ${marker} croissants #bakery`, hashtags: ['#bakery', 'bakery'] },
        }),
      );
      expect(content).toMatchObject({ campaignId, businessId, status: 'DRAFT', hashtags: ['bakery'], allowedTransitions: ['REVIEW', 'ARCHIVED'] });
      contentId = content.id;
      expect(succeeded(await client.callTool({ name: 'update_content', arguments: { contentId, caption: `Warm butter ${marker} croissants` } })).caption).toBe(
        `Warm butter ${marker} croissants`,
      );
      expect(succeeded(await client.callTool({ name: 'transition_content', arguments: { contentId, to: 'REVIEW' } })).status).toBe('REVIEW');
      expect(failed(await client.callTool({ name: 'transition_content', arguments: { contentId, to: 'PUBLISHED' } }))).toMatchObject({
        code: 'INVALID_TRANSITION',
        from: 'REVIEW',
        to: 'PUBLISHED',
        allowed: ['APPROVED', 'DRAFT', 'ARCHIVED'],
      });

      const generated = succeeded(await client.callTool({ name: 'generate_content', arguments: { campaignId, platform: 'FACEBOOK', contentType: 'POST', day: 2, theme: 'Weekend brunch' } }));
      expect(generated).toMatchObject({ campaignId, status: 'DRAFT', platform: 'FACEBOOK', day: 2 });
      expect(generated.caption.length).toBeGreaterThan(0);

      const categorized = succeeded(await client.callTool({ name: 'categorize_content', arguments: { contentId } }));
      expect(categorized.taggedAt).not.toBeNull();
      expect(categorized.primaryCategory).toMatchObject({ id: expect.any(String), name: expect.any(String) });
      expect(categorized.tags).toEqual(expect.arrayContaining(['bakery']));

      // Keyword search ignores case and stays within the business (the stranger's content says croissants too).
      const found = succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: `BUTTER ${marker.toUpperCase()}` } }));
      expect(found.items.map((item: Json) => item.id)).toEqual([contentId]);
      const croissants = succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: 'croissants', first: 50 } }));
      expect(croissants.items.length).toBeGreaterThan(0);
      expect(croissants.items.every((item: Json) => item.businessId === businessId)).toBe(true);
      expect(found.items[0].snippet).toMatch(/<mark>/i);
      // By meaning (the offline embeddings): "croissant" is not the keyword "croissants", yet close.
      const semantic = succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: 'croissant pastry', mode: 'SEMANTIC', first: 5 } }));
      expect(semantic.items.length).toBeGreaterThan(0);
      expect(semantic.items.every((item: Json) => item.businessId === businessId && typeof item.score === 'number')).toBe(true);
      expect(failed(await client.callTool({ name: 'search_content', arguments: { businessId, query: 'x', mode: 'FUZZY' } })).code).toBe('BAD_USER_INPUT');

      const page = succeeded(await client.callTool({ name: 'list_content', arguments: { campaignId, first: 1 } }));
      expect(page.items.map((item: Json) => item.id)).toEqual([contentId]);
      const next = succeeded(await client.callTool({ name: 'list_content', arguments: { campaignId, first: 1, after: page.nextCursor } }));
      expect(next).toEqual({ items: [expect.objectContaining({ id: generated.id, tags: expect.any(Array) })], nextCursor: null });

      await recordEngagement(server.client, owner, contentId, new Date(Date.now() - 60_000), 40);
      const performance = succeeded(await client.callTool({ name: 'get_campaign_performance', arguments: { campaignId } }));
      expect(performance).toMatchObject({
        campaignId,
        contentCount: 2,
        contentByStatus: { REVIEW: 1, DRAFT: 1 },
        measuredContent: 1,
        totals: { impressions: 1000, reach: 800, likes: 40, engagementRate: 5 },
        byPlatform: [{ platform: 'INSTAGRAM', measuredContent: 1 }],
        topContent: [{ contentId, likes: 40 }],
      });
      expect(succeeded(await client.callTool({ name: 'get_campaign', arguments: { campaignId } }))).toMatchObject({
        contentCount: 2,
        contentCalendar: [{ day: 1, theme: 'Croissants' }],
        actualCost: 0,
        costBreakdown: { aiUsd: 0, postingUsd: 0, adjustmentsUsd: 0, totalUsd: 0 },
      });

      const message = succeeded(
        await client.callTool({ name: 'draft_reply', arguments: { businessId, platform: 'INSTAGRAM', incomingMessage: `What time do you open on Sundays? ${marker}`, senderHandle: 'fan' } }),
      );
      expect(['SENT', 'DRAFTED', 'ESCALATED']).toContain(message.status);
      expect(message.generatedReply).toEqual(expect.any(String));
      const messages = succeeded(await client.callTool({ name: 'list_messages', arguments: { businessId } }));
      expect(messages.items[0]).toMatchObject({ id: message.id, incomingMessage: expect.stringContaining(marker) });

      const usage = succeeded(await client.callTool({ name: 'get_ai_usage', arguments: { businessId, from: '2020-01-01T00:00:00Z' } }));
      const features = usage.features.map((feature: Json) => feature.feature);
      expect(features).toEqual(expect.arrayContaining(['CONTENT_GENERATION', 'AUTO_REPLY']));
      expect(usage.features.every((feature: Json) => feature.calls > 0)).toBe(true);
    });

    it('reads the business profile and the campaign calendar as resources', async () => {
      const { resources } = await client.listResources();
      expect(resources).toEqual([expect.objectContaining({ uri: profileUri(businessId), mimeType: 'application/json' })]);
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(['herald://businesses/{businessId}/profile', 'herald://campaigns/{campaignId}/calendar']);

      expect(await readJson(client, profileUri(businessId))).toMatchObject({ id: businessId, name: 'Zephyr Bakery', description: 'Sourdough and pastries' });

      const calendar = await readJson(client, calendarUri(campaignId));
      expect(calendar.campaign).toMatchObject({ id: campaignId });
      expect(calendar.days[0]).toMatchObject({
        day: 1,
        date: '2027-03-01T00:00:00.000Z',
        planned: [{ platform: 'INSTAGRAM', theme: 'Croissants' }],
        contents: [{ id: contentId, status: 'REVIEW' }],
      });
      expect(calendar.days[1]).toMatchObject({ day: 2, date: '2027-03-02T00:00:00.000Z', planned: [], contents: [{ platform: 'FACEBOOK' }] });

      await expect(client.readResource({ uri: calendarUri(foreign.campaignId) })).rejects.toMatchObject({ code: -32002, data: { code: 'NOT_FOUND' } });
      await expect(client.readResource({ uri: 'herald://nothing/here' })).rejects.toMatchObject({ code: -32002 });
    });

    it('reports the progress of generate_campaign until the generation completes', async () => {
      const updates: Progress[] = [];
      const result = await client.callTool(
        {
          name: 'generate_campaign',
          arguments: { businessId, goal: `Fill the café on weekday mornings ${marker}`, campaignType: 'SALES_PROMOTION', durationDays: 3, platforms: ['INSTAGRAM'] },
        },
        undefined,
        { onprogress: (progress) => updates.push(progress), resetTimeoutOnProgress: true },
      );
      const campaign = succeeded(result);
      expect(campaign).toMatchObject({ businessId, generationStatus: 'COMPLETED', status: 'DRAFT' });
      expect(campaign.contentCount).toBeGreaterThan(0);
      expect(updates.length).toBeGreaterThan(0);
      const values = updates.map((update) => update.progress);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(new Set(values).size).toBe(values.length);
      const last = updates.at(-1)!;
      expect(last).toMatchObject({ progress: campaign.contentCount + 3, total: campaign.contentCount + 3, message: expect.stringContaining('Generated') });

      const started = succeeded(
        await client.callTool({ name: 'generate_campaign', arguments: { businessId, goal: 'Another one', campaignType: 'OTHER', durationDays: 2, platforms: ['SMS'], wait: false } }),
      );
      expect(['PENDING', 'RUNNING', 'COMPLETED']).toContain(started.generationStatus);
    });

    it('answers NOT_FOUND for another business’s ids and ids of the wrong type', async () => {
      expect(failed(await client.callTool({ name: 'get_business', arguments: { businessId: foreign.businessId } })).code).toBe('NOT_FOUND');
      expect(failed(await client.callTool({ name: 'get_campaign', arguments: { campaignId: foreign.campaignId } })).code).toBe('NOT_FOUND');
      expect(failed(await client.callTool({ name: 'transition_content', arguments: { contentId: foreign.contentId, to: 'REVIEW' } })).code).toBe('NOT_FOUND');
      expect(failed(await client.callTool({ name: 'create_content', arguments: { campaignId: foreign.campaignId, day: 1, platform: 'SMS', contentType: 'SMS', caption: 'Hi' } })).code).toBe(
        'NOT_FOUND',
      );
      expect(failed(await client.callTool({ name: 'list_campaigns', arguments: { businessId: foreign.businessId } })).code).toBe('NOT_FOUND');
      expect(failed(await client.callTool({ name: 'get_campaign', arguments: { campaignId: businessId } })).code).toBe('NOT_FOUND');
      // A cursor from another list (or tenant) is an empty page, not a way to see past the filter.
      expect(succeeded(await client.callTool({ name: 'list_campaigns', arguments: { businessId, after: foreign.campaignId } }))).toEqual({ items: [], nextCursor: null });
    });

    it('refuses what the key’s scopes do not allow (FORBIDDEN), and a revoked key', async () => {
      const { key, id } = await createKey(['READ']);
      const reader = await connect[transport](key);
      expect(succeeded(await reader.callTool({ name: 'list_businesses', arguments: {} })).items).toHaveLength(1);
      const refused = failed(await reader.callTool({ name: 'create_campaign', arguments: { businessId, name: 'By a reader', goal: 'None', campaignType: 'OTHER', durationDays: 1 } }));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('READ') });
      expect(failed(await reader.callTool({ name: 'generate_content', arguments: { campaignId, platform: 'SMS', contentType: 'SMS', day: 1, theme: 'x' } })).code).toBe('FORBIDDEN');

      await revokeKey(id);
      if (transport === 'http') {
        await expect(reader.callTool({ name: 'list_businesses', arguments: {} })).rejects.toMatchObject({ code: 401 });
      } else {
        expect(failed(await reader.callTool({ name: 'list_businesses', arguments: {} })).code).toBe('UNAUTHENTICATED');
        await expect(reader.readResource({ uri: profileUri(businessId) })).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
      }
    }, SPAWNS_A_PROCESS_MS);
  });

  describe('over HTTP', () => {
    const post = (headers: Record<string, string>, body: unknown = { jsonrpc: '2.0', id: 1, method: 'ping' }) =>
      fetch(new URL('/mcp', server.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(body),
      });

    it('answers 401 without a credential or with a bad one, and accepts a user’s token', async () => {
      const anonymous = await post({});
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await anonymous.json()).toMatchObject({ error: { data: { code: 'UNAUTHENTICATED' } } });
      expect((await post({ authorization: 'Bearer hk_not-a-key' })).status).toBe(401);
      expect((await post({ authorization: 'Basic abc' })).status).toBe(401);
      await expect(connect.http('hk_not-a-key')).rejects.toMatchObject({ code: 401 });

      const asOwner = await connect.http(owner.token);
      expect(succeeded(await asOwner.callTool({ name: 'list_businesses', arguments: {} })).items).toEqual([expect.objectContaining({ id: businessId, viewerRole: 'OWNER' })]);
      expect((await fetch(new URL('/mcp', server.origin), { headers: { authorization: `Bearer ${owner.token}` } })).status).toBe(405);
    });

    it('reads a gzip body as /graphql and REST do, and refuses other encodings with 415', async () => {
      const send = (encoding: string, body: Uint8Array) =>
        fetch(new URL('/mcp', server.origin), {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-encoding': encoding },
          body: new Uint8Array(body),
        });
      const ping = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' });
      const answered = await send('gzip', gzipSync(ping));
      expect(answered.status).toBe(200);
      expect(await answered.text()).toContain('"id":7');
      const bomb = await send('gzip', gzipSync(JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping', params: { pad: 'x'.repeat(3_000_000) } })));
      expect(bomb.status).toBe(400);
      expect(await bomb.json()).toMatchObject({ error: { message: expect.stringMatching(/once decompressed/), data: { code: 'BAD_USER_INPUT' } } });
      expect((await send('gzip', new TextEncoder().encode(ping))).status).toBe(400);
      const brotli = await send('br', brotliCompressSync(ping));
      expect(brotli.status).toBe(415);
      expect(await brotli.json()).toMatchObject({ error: { data: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    });

    it('refuses hostile arguments as bad input or not found, never as an unexpected error', async () => {
      const client = await connect.http((await createKey(['READ', 'WRITE', 'AI'])).key);
      const campaign = await createCampaign(server.client, owner, businessId, 'Hostile');
      const nul = (typename: string) => Buffer.from(`${typename}:\u0000x`).toString('base64');
      const calls: [string, Json][] = [
        ['create_content', { campaignId: campaign.id, day: 1, platform: 'SMS', contentType: 'SMS', caption: 'a\u0000b' }],
        ['create_content', { campaignId: campaign.id, day: 1, platform: 'SMS', contentType: 'SMS', caption: 'x'.repeat(200_000) }],
        ['create_content', { campaignId: campaign.id, day: '1', platform: 'PIGEON', contentType: 'SMS', caption: 'x' }],
        ['get_campaign', { campaignId: nul('Campaign') }],
        ['get_campaign', { campaignId: 'not base64 at all %%%' }],
        ['get_campaign', {}],
        ['search_content', { businessId, query: '\u0000' }],
        ['generate_content', { campaignId: campaign.id, platform: 'SMS', contentType: 'SMS', day: 1, theme: 'x', idempotencyKey: 'bad\u0000key!' }],
        ['list_campaigns', { businessId, first: 1_000_000 }],
      ];
      for (const [name, args] of calls) {
        const error = failed(await client.callTool({ name, arguments: args }));
        expect(['BAD_USER_INPUT', 'NOT_FOUND'], `${name} ${JSON.stringify(args).slice(0, 100)}: ${JSON.stringify(error)}`).toContain(error.code);
      }
      // Wildcards and operators are punctuation: only the words are searched.
      expect(succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: '%' } })).items).toEqual([]);
      const sale = succeeded(await client.callTool({ name: 'create_content', arguments: { campaignId: campaign.id, day: 1, platform: 'SMS', contentType: 'SMS', caption: 'Now 50% off_today' } }));
      expect(succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: '50% OFF_' } })).items.map((item: Json) => item.id)).toEqual([sale.id]);
      expect(succeeded(await client.callTool({ name: 'search_content', arguments: { businessId, query: '_%* OR "' } })).items).toEqual([]);
      expect(succeeded(await client.callTool({ name: 'list_campaigns', arguments: { businessId, after: nul('Campaign') } })).items).toEqual([]);
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    });

    it('reads nothing with a key that lacks the READ scope', async () => {
      const generator = await connect.http((await createKey(['AI'])).key);
      for (const [name, args] of [['list_businesses', {}], ['get_business', { businessId }], ['list_campaigns', { businessId }], ['search_content', { businessId, query: 'croissants' }]] as const) {
        expect(failed(await generator.callTool({ name, arguments: args })).code, name).toBe('FORBIDDEN');
      }
      await expect(generator.readResource({ uri: profileUri(businessId) })).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    });

    it('applies the key’s rate limit (429 with Retry-After)', async () => {
      const { key } = await createKey(['READ']);
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMIT; i++) {
        const response = await post({ authorization: `Bearer ${key}` });
        await response.text();
        statuses.push(response.status);
      }
      expect(statuses.every((status) => status === 200)).toBe(true);
      const limited = await post({ authorization: `Bearer ${key}` });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ error: { data: { code: 'RATE_LIMITED' } } });
    });
  });

  it('npm run mcp refuses to start without a valid key', async () => {
    const child = spawn('npm', ['run', '--silent', 'mcp'], { cwd: projectRoot, env: { ...process.env, ...stdioEnv('hk_not-a-key') }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('HERALD_API_KEY is refused');
    expect(stdout).toBe('');
  }, SPAWNS_A_PROCESS_MS);
});
