import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createCampaign, createContent, seedTenant } from './support/fixtures.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A slow AI call, and a deletion landing while it runs or while its result is written: each side
// ends in a typed result (the AI write's NOT_FOUND when what it wrote to is gone), never in an
// internal error, and nothing of the AI write is left half-stored.

const RaceRegenerate = graphql(`
  mutation RaceRegenerate($input: RegenerateContentInput!) {
    regenerateContent(input: $input) { __typename ... on Content { id caption revisionCount } ... on Error { code message } }
  }
`);
const RaceGenerate = graphql(`
  mutation RaceGenerate($input: GenerateContentInput!) {
    generateContent(input: $input) { __typename ... on Content { id caption } ... on Error { code message } }
  }
`);
const RaceReceiveMessage = graphql(`
  mutation RaceReceiveMessage($input: ReceiveMessageInput!) {
    receiveMessage(input: $input) { __typename ... on Message { id status generatedReply } ... on Error { code message } }
  }
`);
const RacePredict = graphql(`
  mutation RacePredict($id: ID!) {
    predictPerformance(contentId: $id) { __typename ... on Content { id } ... on Error { code message } }
  }
`);
const RaceDeleteCampaign = graphql(`
  mutation RaceDeleteCampaign($id: ID!) {
    deleteCampaign(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } }
  }
`);
const RaceDeleteContent = graphql(`
  mutation RaceDeleteContent($id: ID!) {
    deleteContent(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } }
  }
`);
const RaceDeleteMessage = graphql(`
  mutation RaceDeleteMessage($id: ID!) {
    deleteMessage(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } }
  }
`);

const AI_DELAY_MS = 150;
const ROUNDS = 8;
const NEW_CAPTION = 'Rewritten while someone deleted it';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** When the deletion starts, per round: during the AI call, and around the moment its answer is written. */
const deleteAfter = (round: number) => Math.round((round * (AI_DELAY_MS + 60)) / (ROUNDS - 1));

/** The rows a trash item kept for a model. */
async function trashedRows(trashItemId: string, model: string) {
  const item = await prisma.trashItem.findUniqueOrThrow({ where: { id: localIdOf(trashItemId) } });
  return (item.rows as unknown as { model: string; rows: Record<string, unknown>[] }[]).filter((table) => table.model === model).flatMap((table) => table.rows);
}

describe.skipIf(databaseMissing)(`AI writes racing deletions (${testProvider})`, () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const as = () => ({ token: tenant.user.token });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    server = await startTestServer({
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: stub.url,
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '5000',
      AI_RATE_LIMIT_PER_MINUTE: '10000',
    });
    tenant = await seedTenant(server.client, 'Racer');
  });
  afterEach(() => stub.reset());
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  const slowContentReplies = () =>
    stub.respondWith(() => ({ delayMs: AI_DELAY_MS, then: { json: { title: null, caption: NEW_CAPTION, hashtags: ['race'], script: null } } }));

  it.each([
    ['its campaign', 'campaign'],
    ['the content', 'content'],
  ] as const)('regenerateContent racing the deletion of %s: the rewrite or NOT_FOUND, never half-written', async (_name, target) => {
    slowContentReplies();
    const started = new Date();
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, `Race ${round}`);
      const content = await createContent(server.client, tenant.user, campaign.id);
      const regenerating = server.client.request(RaceRegenerate, { input: { id: content.id } }, as());
      await sleep(deleteAfter(round));
      const deleting =
        target === 'campaign'
          ? server.client.request(RaceDeleteCampaign, { id: campaign.id }, as()).then((r) => ({ ...r, result: r.data?.deleteCampaign }))
          : server.client.request(RaceDeleteContent, { id: content.id }, as()).then((r) => ({ ...r, result: r.data?.deleteContent }));
      const [regenerated, deleted] = await Promise.all([regenerating, deleting]);

      expect(regenerated.errors, `round ${round}`).toBeUndefined();
      expect(deleted.errors, `round ${round}`).toBeUndefined();
      expect(deleted.result?.__typename, `round ${round}`).toBe('TrashItem');
      const result = regenerated.data!.regenerateContent;
      outcomes.add(result.__typename);
      const kept = await trashedRows(deleted.result!.__typename === 'TrashItem' ? deleted.result!.id : '', 'content');
      const versions = await prisma.version.count({ where: { entityType: 'CONTENT', entityId: localIdOf(content.id) } });
      // All of the rewrite or none of it: the text, the revision count and the earlier version together.
      const rewritten = kept[0]?.caption === NEW_CAPTION;
      expect(kept, `round ${round}`).toEqual([expect.objectContaining(rewritten ? { caption: NEW_CAPTION, revisionCount: 1 } : { caption: content.caption, revisionCount: 0 })]);
      expect(versions, `round ${round}`).toBe(rewritten ? 1 : 0);
      // The client is told the rewrite, or that the content is gone (deleted before, or just after, it was written).
      if (result.__typename === 'Content') expect(rewritten, `round ${round}`).toBe(true);
      else expect(result, `round ${round}`).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    // Every call made is logged, whatever became of its content.
    expect(await prisma.aiLog.count({ where: { feature: 'CONTENT_REGENERATION', createdAt: { gte: started } } })).toBe(stub.requests.length);
    // The rounds where the deletion came during the AI call cannot have been rewritten.
    expect(outcomes.has('NotFoundError')).toBe(true);
  });

  it('generateContent racing the deletion of its campaign: a content item or NOT_FOUND, never an orphan', async () => {
    slowContentReplies();
    const started = new Date();
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, `Generate race ${round}`);
      const input = { campaignId: campaign.id, platform: 'INSTAGRAM' as const, contentType: 'POST' as const, day: 2, theme: 'Race' };
      const generating = server.client.request(RaceGenerate, { input }, as());
      await sleep(deleteAfter(round));
      const deleting = server.client.request(RaceDeleteCampaign, { id: campaign.id }, as());
      const [generated, deleted] = await Promise.all([generating, deleting]);

      expect(generated.errors, `round ${round}`).toBeUndefined();
      expect(deleted.errors, `round ${round}`).toBeUndefined();
      const trashItem = deleted.data!.deleteCampaign;
      if (trashItem.__typename !== 'TrashItem') throw new Error(`round ${round}: ${JSON.stringify(trashItem)}`);
      const result = generated.data!.generateContent;
      outcomes.add(result.__typename);
      const kept = await trashedRows(trashItem.id, 'content');
      // One item written before the deletion (and kept in the trash with its campaign), or none.
      expect(kept.length, `round ${round}`).toBeLessThanOrEqual(1);
      if (result.__typename === 'Content') expect(kept).toEqual([expect.objectContaining({ id: localIdOf(result.id), caption: NEW_CAPTION })]);
      else expect(result, `round ${round}`).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
      expect(await prisma.content.count({ where: { campaignId: localIdOf(campaign.id) } })).toBe(0);
    }
    expect(await prisma.aiLog.count({ where: { feature: 'CONTENT_GENERATION', createdAt: { gte: started } } })).toBe(stub.requests.length);
    expect(outcomes.has('NotFoundError')).toBe(true);
  });

  it('receiveMessage racing the deletion of the message: a typed result, never an internal error', async () => {
    stub.respondWith(() => ({ delayMs: AI_DELAY_MS, then: { json: { reply: 'We open at 7am.', confidence: 0.7, escalate: false, reason: null } } }));
    for (let round = 0; round < ROUNDS; round++) {
      const incomingMessage = `When do you open? (race ${round})`;
      const receiving = server.client.request(RaceReceiveMessage, { input: { businessId: tenant.business.id, platform: 'INSTAGRAM', incomingMessage } }, as());
      // The message is stored before its reply is drafted: delete it as soon as it is there.
      let stored = null;
      for (let i = 0; i < 100 && !stored; i++) {
        stored = await prisma.message.findFirst({ where: { incomingMessage }, select: { id: true } });
        if (!stored) await sleep(5);
      }
      expect(stored, `round ${round}`).toBeTruthy();
      await sleep(deleteAfter(round) / 2);
      const messageId = Buffer.from(`Message:${stored!.id}`).toString('base64');
      const deleting = server.client.request(RaceDeleteMessage, { id: messageId }, as());
      const [received, deleted] = await Promise.all([receiving, deleting]);

      expect(received.errors, `round ${round}`).toBeUndefined();
      expect(deleted.errors, `round ${round}`).toBeUndefined();
      const trashItem = deleted.data!.deleteMessage;
      if (trashItem.__typename !== 'TrashItem') throw new Error(`round ${round}: ${JSON.stringify(trashItem)}`);
      const result = received.data!.receiveMessage;
      const kept = await trashedRows(trashItem.id, 'message');
      if (result.__typename === 'Message') {
        expect(kept).toEqual([expect.objectContaining({ status: 'DRAFTED', generatedReply: 'We open at 7am.' })]);
      } else {
        expect(result, `round ${round}`).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
        expect(kept).toEqual([expect.objectContaining({ status: 'RECEIVED', generatedReply: null })]);
      }
    }
  });

  // No AI call here, but the same race with the trash: the prediction's write held the content and
  // then, on PostgreSQL, waited for the campaign the trash held (a deadlock, 500) or found the
  // content gone (a 500 too).
  it('predictPerformance racing the deletion of its campaign: the prediction or NOT_FOUND, never an internal error', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 40; round++) {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, `Predict race ${round}`);
      const content = await createContent(server.client, tenant.user, campaign.id);
      const predicting = server.client.request(RacePredict, { id: content.id }, as());
      await sleep(round % 8);
      const deleting = server.client.request(RaceDeleteCampaign, { id: campaign.id }, as());
      const [predicted, deleted] = await Promise.all([predicting, deleting]);
      expect(predicted.errors, `round ${round}`).toBeUndefined();
      expect(deleted.errors, `round ${round}`).toBeUndefined();
      const result = predicted.data!.predictPerformance;
      outcomes.add(result.__typename);
      if (result.__typename !== 'Content') expect(result, `round ${round}`).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    expect(outcomes.has('Content')).toBe(true);
  });
});
