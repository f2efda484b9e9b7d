import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createContent, seedTenant } from './support/fixtures.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';
import { localIdOf } from './support/seed-graph.ts';

export const GenerateContent = graphql(`
  mutation GenerateContent($input: GenerateContentInput!) {
    generateContent(input: $input) {
      __typename
      ... on Content { id caption hashtags script title status aiMetadata { model tokensUsed } }
      ... on Error { code message }
      ... on RateLimitedError { retryAfterSeconds }
      ... on BudgetExceededError { budgetUsd spentUsd reservedUsd }
    }
  }
`);

export const RegenerateContent = graphql(`
  mutation RegenerateContent($input: RegenerateContentInput!) {
    regenerateContent(input: $input) {
      __typename
      ... on Content {
        id caption revisionCount assets { assetType }
        versions(first: 100) { totalCount edges { node { source previous actor { id } } } }
      }
      ... on Error { code message }
    }
  }
`);

export const GenerateCampaign = graphql(`
  mutation GenerateCampaign($input: GenerateCampaignInput!) {
    generateCampaign(input: $input) {
      __typename
      ... on Campaign { id name status generationStatus }
      ... on Error { code message }
    }
  }
`);

export const CampaignGeneration = graphql(`
  query CampaignGeneration($id: ID!) {
    campaign(id: $id) {
      id name generationStatus generationError strategySummary hashtagStrategy ctaPattern optimalTimes estimatedCost postingFrequency
      contentCalendar { day platform contentType theme }
      contents(first: 100) { totalCount edges { node { id day platform contentType caption hashtags script status aiMetadata { model } } } }
    }
  }
`);

const OnProgress = graphql(`
  subscription OnProgress($id: ID!) {
    generationProgress(campaignId: $id) { eventId status completed total message campaign { id generationStatus } }
  }
`);

export const AiLogs = graphql(`
  query AiLogs($businessId: ID, $feature: AiFeature, $status: AiCallStatus) {
    aiLogs(businessId: $businessId, feature: $feature, status: $status, first: 100) {
      totalCount
      edges { node { id feature provider model promptTokens completionTokens costUsd promptSha256 status errorMessage responseTimeMs business { id } } }
    }
  }
`);

export const AiUsage = graphql(`
  query AiUsage($businessId: ID!) {
    aiUsage(businessId: $businessId) { feature calls errors promptTokens completionTokens totalTokens costUsd meanLatencyMs errorRate }
  }
`);

export const ReceiveAndDraft = graphql(`
  mutation ReceiveAndDraft($input: ReceiveMessageInput!) {
    receiveMessage(input: $input) {
      __typename
      ... on Message { id status generatedReply confidenceScore }
      ... on Error { code message }
    }
  }
`);

export const SendReply = graphql(`
  mutation SendReply($input: SendReplyInput!) {
    sendReply(input: $input) {
      __typename
      ... on Message { id status generatedReply }
      ... on Error { code message }
    }
  }
`);

export const PredictPerformance = graphql(`
  mutation PredictPerformance($id: ID!) {
    predictPerformance(contentId: $id) {
      __typename
      ... on Content { id predictedPerformance { score confidence } }
      ... on Error { code message }
    }
  }
`);

const contentReply = (caption = 'Fresh sourdough every morning. Come early!') => ({
  json: { title: null, caption, hashtags: ['bakery', 'sourdough'], script: null },
  usage: { prompt_tokens: 120, completion_tokens: 80 },
});

const plan = (days: number[]) => ({
  name: 'Spring Sourdough Launch',
  strategySummary: 'Tease, launch, then prove it with customer stories.',
  contentStyle: 'warm, close-up food photography',
  visualStyle: 'natural light, earthy tones',
  hashtagStrategy: 'two brand tags plus one local tag',
  ctaPattern: 'Order ahead at the link in bio',
  optimalTimes: ['07:30', '12:00'],
  postingFrequency: 3,
  estimatedCost: 120,
  contentCalendar: days.map((day, i) => ({ day, platform: i % 2 ? 'FACEBOOK' : 'INSTAGRAM', contentType: 'POST', theme: `Theme ${day}` })),
});

const isPlanRequest = (body: { messages?: { content?: string }[] }) => JSON.stringify(body.messages ?? []).includes('contentCalendar');

const costOf = (prompt: number, completion: number) => (prompt * 0.15 + completion * 0.6) / 1_000_000;

async function waitForGeneration(server: TestServer, token: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const { campaign } = await server.client.data(CampaignGeneration, { id }, { token });
    if (campaign && ['COMPLETED', 'FAILED'].includes(campaign.generationStatus)) return campaign;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('generation did not finish');
}

describe.skipIf(databaseMissing)(`AI through an OpenAI-compatible server (${testProvider})`, () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const as = () => ({ token: tenant.user.token });
  const contentInput = (extra: Record<string, unknown> = {}) => ({
    campaignId: tenant.campaign.id,
    platform: 'INSTAGRAM' as const,
    contentType: 'POST' as const,
    day: 2,
    theme: 'Morning bake',
    ...extra,
  });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    server = await startTestServer({
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: stub.url,
      OPENAI_MAX_RETRIES: '1',
      // Long enough that a loaded machine does not time out (and retry) a prompt reply.
      OPENAI_TIMEOUT_MS: '1500',
      AI_RATE_LIMIT_PER_MINUTE: '1000',
    });
    tenant = await seedTenant(server.client, 'Baker');
  });
  afterEach(() => stub.reset());
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  it('writes content with the provider and logs the call with tokens, cost and latency', async () => {
    stub.enqueue(contentReply());
    const { generateContent } = await server.client.data(GenerateContent, { input: contentInput() }, as());
    expect(generateContent).toMatchObject({ __typename: 'Content', caption: 'Fresh sourdough every morning. Come early!', hashtags: ['bakery', 'sourdough'], status: 'DRAFT' });
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].body.model).toBe('gpt-4o-mini');
    expect(JSON.stringify(stub.requests[0].body.messages)).toContain("Baker's Bakery");

    const { aiLogs } = await server.client.data(AiLogs, { businessId: tenant.business.id, feature: 'CONTENT_GENERATION' }, as());
    const log = aiLogs.edges[0].node;
    expect(log).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', promptTokens: 120, completionTokens: 80, status: 'SUCCESS', errorMessage: null });
    expect(log.costUsd).toBeCloseTo(costOf(120, 80), 12);
    expect(log.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(log.responseTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('repairs malformed JSON once, and counts both calls', async () => {
    stub.enqueue({ json: '{"caption": "unterminated', usage: { prompt_tokens: 100, completion_tokens: 10 } }, contentReply('Repaired caption'));
    const { generateContent } = await server.client.data(GenerateContent, { input: contentInput() }, as());
    expect(generateContent).toMatchObject({ __typename: 'Content', caption: 'Repaired caption' });
    expect(stub.requests).toHaveLength(2);
    const row = await prisma.aiLog.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect([row.promptTokens, row.completionTokens]).toEqual([220, 90]);
  });

  it('retries a 429 and succeeds', async () => {
    stub.enqueue({ status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } }, contentReply('After the retry'));
    const { generateContent } = await server.client.data(GenerateContent, { input: contentInput() }, as());
    expect(generateContent).toMatchObject({ __typename: 'Content', caption: 'After the retry' });
    expect(stub.requests).toHaveLength(2);
  });

  it.each([
    ['a server that always fails', () => stub.respondWith(() => ({ status: 500, body: { error: { message: 'boom' } } }))],
    ['a reply slower than the timeout', () => stub.respondWith(() => ({ delayMs: 4_000 }))],
    ['JSON that stays malformed', () => stub.respondWith(() => ({ json: 'not json at all' }))],
  ])('answers AI_PROVIDER_ERROR for %s, logs the failure and writes no content', async (_name, script) => {
    script();
    const before = await prisma.content.count();
    const { generateContent } = await server.client.data(GenerateContent, { input: contentInput() }, as());
    expect(generateContent).toMatchObject({ __typename: 'AiProviderError', code: 'AI_PROVIDER_ERROR' });
    expect(await prisma.content.count()).toBe(before);
    const row = await prisma.aiLog.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ status: 'ERROR', feature: 'CONTENT_GENERATION' });
    expect(row.errorMessage).toBeTruthy();
  });

  it('generates a whole campaign in the background, all of it in one go', async () => {
    stub.respondWith((_endpoint, body) => (isPlanRequest(body) ? { json: plan([1, 3, 5, 7]), usage: { prompt_tokens: 500, completion_tokens: 400 } } : contentReply()));
    const { generateCampaign } = await server.client.data(
      GenerateCampaign,
      { input: { businessId: tenant.business.id, goal: 'Launch the spring sourdough range', campaignType: 'PRODUCT_LAUNCH', durationDays: 14, platforms: ['INSTAGRAM', 'FACEBOOK'] } },
      as(),
    );
    if (generateCampaign.__typename !== 'Campaign') throw new Error(JSON.stringify(generateCampaign));
    expect(generateCampaign.status).toBe('DRAFT');
    expect(['PENDING', 'RUNNING', 'COMPLETED']).toContain(generateCampaign.generationStatus);

    const campaign = await waitForGeneration(server, tenant.user.token, generateCampaign.id);
    expect(campaign).toMatchObject({ generationStatus: 'COMPLETED', name: 'Spring Sourdough Launch', strategySummary: expect.any(String), optimalTimes: ['07:30', '12:00'] });
    expect(campaign.contents.totalCount).toBe(4);
    expect(campaign.contents.edges.map((e) => e.node.day)).toEqual([1, 3, 5, 7]);
    expect(campaign.contents.edges.every((e) => e.node.status === 'DRAFT' && e.node.caption.length > 0)).toBe(true);
    const logs = await prisma.aiLog.groupBy({ by: ['feature'], where: { businessId: localIdOf(tenant.business.id), createdAt: { gte: new Date(Date.now() - 60_000) } }, _count: { _all: true } });
    expect(Object.fromEntries(logs.map((g) => [g.feature, g._count._all]))).toMatchObject({ CAMPAIGN_GENERATION: 1 });
  });

  it('reports generation progress live until COMPLETED', async () => {
    // Slow content replies so the subscription is in place before the generation ends.
    stub.respondWith((_endpoint, body) => (isPlanRequest(body) ? { json: plan([1, 2, 3]) } : { delayMs: 250, then: contentReply() }));
    const { generateCampaign } = await server.client.data(
      GenerateCampaign,
      { input: { businessId: tenant.business.id, goal: 'Progress, live', campaignType: 'BRAND_AWARENESS', durationDays: 7, platforms: ['INSTAGRAM'] } },
      as(),
    );
    if (generateCampaign.__typename !== 'Campaign') throw new Error(JSON.stringify(generateCampaign));
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const sub = ws.subscribe(OnProgress, { id: generateCampaign.id });
      const events = [];
      for (;;) {
        const { generationProgress } = await sub.next(10_000);
        events.push(generationProgress);
        if (generationProgress.status !== 'RUNNING') break;
      }
      const last = events[events.length - 1];
      expect(last).toMatchObject({ status: 'COMPLETED', completed: 3, total: 3, campaign: { id: generateCampaign.id, generationStatus: 'COMPLETED' } });
      expect(events.some((e) => e.status === 'RUNNING' && e.completed < e.total)).toBe(true);
      await sub.completed;

      // A client that subscribes after the end still learns how it ended, and the subscription completes.
      const late = ws.subscribe(OnProgress, { id: generateCampaign.id });
      expect((await late.next()).generationProgress).toMatchObject({ status: 'COMPLETED', completed: 3, total: 3 });
      await late.completed;
    } finally {
      await ws.dispose();
    }
  });

  it('leaves no content behind when a generation fails half way', async () => {
    stub.respondWith((_endpoint, body) => {
      if (isPlanRequest(body)) return { json: plan([1, 2, 3, 4, 5, 6]) };
      // The fourth item fails for good (retries included); the others succeed.
      return JSON.stringify(body.messages).includes('Theme 4') ? { status: 500, body: { error: { message: 'down' } } } : contentReply();
    });
    const { generateCampaign } = await server.client.data(
      GenerateCampaign,
      { input: { businessId: tenant.business.id, goal: 'A campaign that will fail', campaignType: 'BRAND_AWARENESS', durationDays: 7, platforms: ['INSTAGRAM'] } },
      as(),
    );
    if (generateCampaign.__typename !== 'Campaign') throw new Error(JSON.stringify(generateCampaign));
    const campaign = await waitForGeneration(server, tenant.user.token, generateCampaign.id);
    expect(campaign.generationStatus).toBe('FAILED');
    expect(campaign.generationError).toMatch(/provider/i);
    expect(campaign.contents.totalCount).toBe(0);
  });

  it('returns the first result for a repeated idempotency key, without a second provider call', async () => {
    stub.respondWith(() => contentReply('Once only'));
    const key = `key-${Date.now()}-a`;
    const first = await server.client.data(GenerateContent, { input: contentInput({ idempotencyKey: key }) }, as());
    const again = await server.client.data(GenerateContent, { input: contentInput({ idempotencyKey: key }) }, as());
    expect(first.generateContent.__typename).toBe('Content');
    expect(again.generateContent).toEqual(first.generateContent);
    expect(stub.requests).toHaveLength(1);

    const other = await server.client.data(GenerateContent, { input: contentInput({ idempotencyKey: key, theme: 'Something else' }) }, as());
    expect(other.generateContent).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(stub.requests).toHaveLength(1);
  });

  it('makes exactly one provider call for 50 concurrent requests with one key', async () => {
    stub.respondWith(() => ({ delayMs: 150, then: contentReply('Concurrent') }));
    const key = `key-${Date.now()}-burst`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => server.client.data(GenerateContent, { input: contentInput({ idempotencyKey: key }) }, as())),
    );
    const ids = new Set(results.map((r) => (r.generateContent.__typename === 'Content' ? r.generateContent.id : r.generateContent.__typename)));
    expect([...ids]).toHaveLength(1);
    expect([...ids][0]).not.toMatch(/Error/);
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps the previous text as an AI version when regenerating', async () => {
    const content = await createContent(server.client, tenant.user, tenant.campaign.id, 4);
    stub.enqueue(contentReply('A brand new take'));
    const { regenerateContent } = await server.client.data(RegenerateContent, { input: { id: content.id, instructions: 'Mention the 10% discount' } }, as());
    expect(regenerateContent).toMatchObject({ __typename: 'Content', caption: 'A brand new take', revisionCount: 1 });
    if (regenerateContent.__typename !== 'Content') return;
    expect(regenerateContent.assets).toEqual([]);
    expect(regenerateContent.versions.edges.map((edge) => edge.node)).toEqual([
      { source: 'AI', actor: { id: tenant.user.id }, previous: expect.objectContaining({ caption: content.caption, hashtags: ['bakery'] }) },
    ]);
    expect(JSON.stringify(stub.requests[0].body.messages)).toContain('Mention the 10% discount');
  });

  it('drafts replies: sends confident ones, keeps others for review, escalates sensitive ones', async () => {
    const reply = (confidence: number, escalate = false) => ({ json: { reply: 'Thanks for asking! We open at 7am.', confidence, escalate, reason: escalate ? 'complaint' : null } });
    const receive = (incomingMessage: string) =>
      server.client.data(ReceiveAndDraft, { input: { businessId: tenant.business.id, platform: 'INSTAGRAM', incomingMessage } }, as());

    stub.enqueue(reply(0.95));
    expect((await receive('When do you open?')).receiveMessage).toMatchObject({ status: 'SENT', confidenceScore: 0.95 });
    stub.enqueue(reply(0.7));
    const drafted = (await receive('Can you bake a custom cake?')).receiveMessage;
    expect(drafted).toMatchObject({ status: 'DRAFTED', generatedReply: 'Thanks for asking! We open at 7am.' });
    stub.enqueue(reply(0.99));
    expect((await receive('I want a refund, the bread was stale')).receiveMessage).toMatchObject({ status: 'ESCALATED' });
    stub.enqueue(reply(0.9, true));
    expect((await receive('Something odd happened')).receiveMessage).toMatchObject({ status: 'ESCALATED' });
    stub.enqueue(reply(0.3));
    expect((await receive('Hmm?')).receiveMessage).toMatchObject({ status: 'ESCALATED' });
    stub.respondWith(() => ({ status: 500 }));
    expect((await receive('Provider is down now')).receiveMessage).toMatchObject({ status: 'RECEIVED', generatedReply: null });

    if (drafted.__typename !== 'Message') return;
    const sent = await server.client.data(SendReply, { input: { id: drafted.id, text: 'Yes! Order 48 hours ahead.' } }, as());
    expect(sent.sendReply).toMatchObject({ status: 'SENT', generatedReply: 'Yes! Order 48 hours ahead.' });
    const twice = await server.client.data(SendReply, { input: { id: drafted.id } }, as());
    expect(twice.sendReply).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('sums usage per feature', async () => {
    const { aiUsage } = await server.client.data(AiUsage, { businessId: tenant.business.id }, as());
    const content = aiUsage.find((u) => u.feature === 'CONTENT_GENERATION');
    expect(content?.calls).toBeGreaterThan(3);
    expect(content?.errors).toBeGreaterThan(0);
    expect(content?.errorRate).toBeCloseTo((content?.errors ?? 0) / (content?.calls ?? 1), 6);
    expect(content?.totalTokens).toBe((content?.promptTokens ?? 0) + (content?.completionTokens ?? 0));
    expect(content?.costUsd).toBeGreaterThan(0);
    const rows = await prisma.aiLog.findMany({ where: { businessId: localIdOf(tenant.business.id), feature: 'CONTENT_GENERATION' } });
    expect(content?.calls).toBe(rows.length);
    expect(content?.costUsd).toBeCloseTo(rows.reduce((sum, r) => sum + r.costUsd, 0), 5);
  });

  it('refuses another tenant’s campaign, logs and usage', async () => {
    const other = await seedTenant(server.client, 'Other');
    const { generateContent } = await server.client.data(GenerateContent, { input: contentInput() }, { token: other.user.token });
    expect(generateContent).toMatchObject({ code: 'NOT_FOUND' });
    expect(stub.requests).toHaveLength(0);
    const logs = await server.client.request(AiLogs, { businessId: tenant.business.id }, { token: other.user.token });
    expect(logs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const all = await server.client.data(AiLogs, {}, { token: other.user.token });
    expect(all.aiLogs.totalCount).toBe(0);
    const usage = await server.client.request(AiUsage, { businessId: tenant.business.id }, { token: other.user.token });
    expect(usage.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe.skipIf(databaseMissing)(`AI guards (${testProvider})`, () => {
  it('rate-limits each user per feature and says when to retry', async () => {
    const server = await startTestServer({ AI_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const tenant = await seedTenant(server.client, 'Limited');
      const input = { campaignId: tenant.campaign.id, platform: 'INSTAGRAM' as const, contentType: 'POST' as const, day: 1, theme: 'x' };
      const results = [];
      for (let i = 0; i < 3; i++) results.push((await server.client.data(GenerateContent, { input }, { token: tenant.user.token })).generateContent);
      expect(results.map((r) => r.__typename)).toEqual(['Content', 'Content', 'RateLimitedError']);
      expect(results[2]).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      const other = await seedTenant(server.client, 'Unlimited');
      const fresh = await server.client.data(GenerateContent, { input: { ...input, campaignId: other.campaign.id } }, { token: other.user.token });
      expect(fresh.generateContent.__typename).toBe('Content');
    } finally {
      await server.stop();
    }
  });

  // Prompt tokens free, $0.001 per completion token: a call costs $0.10 (100 tokens) and reserves
  // at most 2 × 256 tokens = $0.512 first, within a $1 budget.
  const budgeted = (stub: OpenAiStub) => ({
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: stub.url,
    AI_PRICES: JSON.stringify({ 'gpt-4o-mini': { inputPerMillion: 0, outputPerMillion: 1000 } }),
    AI_MAX_COMPLETION_TOKENS: '256',
    AI_BUDGET_FREE_USD: '1',
    AI_RATE_LIMIT_PER_MINUTE: '1000',
  });

  it('stops paid calls before one could take the monthly spend over the budget', async () => {
    const stub = await startOpenAiStub();
    const server = await startTestServer(budgeted(stub));
    try {
      const tenant = await seedTenant(server.client, 'Spender');
      stub.respondWith(() => ({ ...contentReply(), usage: { prompt_tokens: 400, completion_tokens: 100 } }));
      const input = { campaignId: tenant.campaign.id, platform: 'INSTAGRAM' as const, contentType: 'POST' as const, day: 1, theme: 'x' };
      const results = [];
      for (let i = 0; i < 6; i++) results.push((await server.client.data(GenerateContent, { input }, { token: tenant.user.token })).generateContent);
      // After five calls $0.50 is spent: a sixth could cost up to $0.512, more than is left.
      expect(results.map((r) => r.__typename)).toEqual(['Content', 'Content', 'Content', 'Content', 'Content', 'BudgetExceededError']);
      expect(results[5]).toMatchObject({ code: 'BUDGET_EXCEEDED', budgetUsd: 1, spentUsd: expect.closeTo(0.5, 6) });
      expect(stub.requests).toHaveLength(5);
    } finally {
      await server.stop();
      await stub.close();
    }
  });

  it('never lets concurrent paid calls overshoot the budget together', async () => {
    const stub = await startOpenAiStub();
    const server = await startTestServer(budgeted(stub));
    try {
      const tenant = await seedTenant(server.client, 'Crowd');
      // Slow answers, so all twelve calls are in flight at once.
      stub.respondWith(() => ({ delayMs: 300, then: { ...contentReply(), usage: { prompt_tokens: 400, completion_tokens: 100 } } }));
      const input = { campaignId: tenant.campaign.id, platform: 'INSTAGRAM' as const, contentType: 'POST' as const, day: 1, theme: 'x' };
      const results = await Promise.all(
        Array.from({ length: 12 }, async () => (await server.client.data(GenerateContent, { input }, { token: tenant.user.token })).generateContent),
      );
      const paid = results.filter((r) => r.__typename === 'Content').length;
      expect(paid).toBeGreaterThanOrEqual(1);
      // Refused while other calls held the budget: said so, with what they held.
      expect(results.some((r) => r.__typename === 'BudgetExceededError' && r.reservedUsd > 0 && /held by calls in progress/.test(r.message))).toBe(true);
      expect(results.filter((r) => r.__typename === 'BudgetExceededError')).toHaveLength(12 - paid);
      expect(stub.requests).toHaveLength(paid);
      // Twelve unchecked calls would have spent $1.20.
      const { aiUsage } = await server.client.data(AiUsage, { businessId: tenant.business.id }, { token: tenant.user.token });
      expect(aiUsage.reduce((sum, feature) => sum + feature.costUsd, 0)).toBeLessThanOrEqual(1);
    } finally {
      await server.stop();
      await stub.close();
    }
  });
});

describe.skipIf(databaseMissing)(`AI with the offline provider (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await seedTenant(server.client, 'Offline');
  });
  afterAll(() => server?.stop());

  it('generates a complete campaign without any network', async () => {
    const { generateCampaign } = await server.client.data(
      GenerateCampaign,
      { input: { businessId: tenant.business.id, goal: 'Fill the new Saturday baking class', campaignType: 'EVENT_PROMOTION', durationDays: 21, platforms: ['INSTAGRAM', 'TIKTOK', 'EMAIL'] } },
      { token: tenant.user.token },
    );
    if (generateCampaign.__typename !== 'Campaign') throw new Error(JSON.stringify(generateCampaign));
    const campaign = await waitForGeneration(server, tenant.user.token, generateCampaign.id);
    expect(campaign.generationStatus).toBe('COMPLETED');
    expect(campaign.contents.totalCount).toBe(campaign.contentCalendar.length);
    expect(campaign.contents.totalCount).toBeGreaterThan(0);
    for (const { node } of campaign.contents.edges) {
      expect(node.caption.length).toBeGreaterThan(0);
      if (['VIDEO', 'REEL'].includes(node.contentType)) expect(node.script).toBeTruthy();
    }
    const rows = await prisma.aiLog.findMany({ where: { businessId: localIdOf(tenant.business.id) } });
    expect(rows.every((r) => r.provider === 'offline' && r.costUsd === 0 && r.status === 'SUCCESS')).toBe(true);
    expect(rows.length).toBe(campaign.contents.totalCount + 1);
  });

  it('predicts performance, more confidently once there is history', async () => {
    const first = await server.client.data(PredictPerformance, { id: tenant.content.id }, { token: tenant.user.token });
    if (first.predictPerformance.__typename !== 'Content') throw new Error(JSON.stringify(first));
    const before = first.predictPerformance.predictedPerformance!;
    expect(before.score).toBeGreaterThanOrEqual(0);
    expect(before.score).toBeLessThanOrEqual(100);
    for (let day = 1; day <= 5; day++) {
      const other = await createContent(server.client, tenant.user, tenant.campaign.id, day);
      await prisma.analyticsSnapshot.create({
        data: { contentId: localIdOf(other.id), businessId: localIdOf(tenant.business.id), campaignId: localIdOf(tenant.campaign.id), platform: 'INSTAGRAM', collectedAt: new Date(), reach: 1000, likes: 80, engagementRate: 8 },
      });
    }
    const second = await server.client.data(PredictPerformance, { id: tenant.content.id }, { token: tenant.user.token });
    if (second.predictPerformance.__typename !== 'Content') throw new Error(JSON.stringify(second));
    expect(second.predictPerformance.predictedPerformance!.confidence).toBeGreaterThan(before.confidence);
  });
});

describe.skipIf(databaseMissing)(`earlier versions of a content item (${testProvider})`, () => {
  it('keeps every earlier text when a content item is rewritten often: history is never cut', async () => {
    const server = await startTestServer({ AI_RATE_LIMIT_PER_MINUTE: '1000' });
    try {
      const tenant = await seedTenant(server.client, 'Rewriter');
      let last;
      for (let i = 0; i < 52; i++) {
        last = (await server.client.data(RegenerateContent, { input: { id: tenant.content.id, instructions: `Version ${i}` } }, { token: tenant.user.token })).regenerateContent;
      }
      expect(last).toMatchObject({ __typename: 'Content', revisionCount: 52 });
      const versions = last?.__typename === 'Content' ? last.versions : null;
      expect(versions?.totalCount).toBe(52);
      // The oldest (last, newest first) is the original caption.
      expect(versions?.edges.at(-1)?.node.previous).toMatchObject({ caption: 'Day 1: fresh croissants' });
    } finally {
      await server.stop();
    }
  });
});
