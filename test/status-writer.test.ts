import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { TransitionContent } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';

// Content status has one writer, guarded by the status it read: an automation rule's move that
// lost a race with a person's move is dropped, never written over it.

const CreateApprovalRule = graphql(`
  mutation StatusWriterRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) { __typename ... on AutomationRule { id } ... on Error { code message } }
  }
`);

const Categorize = graphql(`
  mutation StatusWriterCategorize($id: ID!) {
    categorizeContent(id: $id) { __typename ... on Content { id status taggedAt } ... on Error { code message } }
  }
`);

const RuleCounters = graphql(`
  query StatusWriterRules($id: ID!) {
    business(id: $id) { automationRules { executionCount successCount } }
  }
`);

const OnStatus = graphql(`
  subscription StatusWriterEvents($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { status previousStatus actor { id } }
  }
`);

const DIMENSIONS = 8;
const vector = (seed: number) => Array.from({ length: DIMENSIONS }, (_, i) => Math.sin(seed + i));

describe.skipIf(databaseMissing)(`one writer of content status (${testProvider})`, () => {
  let stub: OpenAiStub;
  let server: TestServer;
  beforeAll(async () => {
    stub = await startOpenAiStub();
    server = await startTestServer({ AI_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.url, AI_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  it("drops a rule's status move when a person moved the content while the AI was thinking", async () => {
    const tenant = await seedTenant(server.client, 'Racer');
    const token = tenant.user.token;
    const rule = await server.client.data(
      CreateApprovalRule,
      { input: { businessId: tenant.business.id, name: 'Send Instagram posts to review', ruleType: 'APPROVAL', conditions: { platforms: ['INSTAGRAM'] }, actions: { setStatus: 'REVIEW' } } },
      { token },
    );
    expect(rule.createAutomationRule.__typename).toBe('AutomationRule');

    stub.respondWith((endpoint, body) =>
      endpoint === 'embeddings'
        ? { embeddings: (body.input as string[]).map((_, i) => vector(i)) }
        : { delayMs: 1_000, then: { json: { category: null, confidence: 0.4, tags: ['bread'], sentiment: 'POSITIVE', qualityScore: 0.7 } } },
    );
    const ws = connectWs(server.url, token);
    try {
      const events = ws.subscribe(OnStatus, { businessId: tenant.business.id });
      await new Promise((resolve) => setTimeout(resolve, 200));

      const tagging = server.client.data(Categorize, { id: tenant.content.id }, { token });
      // The pipeline has read the content as DRAFT and waits for the slow classification.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const archived = await server.client.data(TransitionContent, { id: tenant.content.id, to: 'ARCHIVED' }, { token });
      expect(archived.transitionContent).toMatchObject({ __typename: 'Content', status: 'ARCHIVED' });

      const tagged = await tagging;
      expect(tagged.categorizeContent).toMatchObject({ __typename: 'Content', status: 'ARCHIVED', taggedAt: expect.any(String) });
      const { business } = await server.client.data(RuleCounters, { id: tenant.business.id }, { token });
      expect(business?.automationRules).toEqual([{ executionCount: 1, successCount: 0 }]);

      // Only the person's move was announced.
      expect((await events.next()).contentStatusChanged).toMatchObject({ status: 'ARCHIVED', previousStatus: 'DRAFT', actor: { id: tenant.user.id } });
      expect(await events.expectSilence(500)).toBe(true);
    } finally {
      await ws.dispose();
    }
  });
});
