import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import type { JobQueue } from '../src/jobs/job-queue.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, seedTenant } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { DeleteBusiness } from './support/operations.ts';
import { aiEnv, scriptAi } from './support/scripted-ai.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Categorisation reads content, asks the AI, then writes: a deletion landing while the AI answers
// (or before the run reaches an item) is skipped, never a failure. Each AI call a test picks is held
// until the deletion has committed, so every round hits the same moment.

const TaggingRaceRecategorize = graphql(`
  mutation TaggingRaceRecategorize($id: ID!) {
    recategorizeCampaign(id: $id) {
      __typename
      ... on Campaign { id contents(first: 10) { edges { node { id taggedAt } } } }
      ... on Error { code message }
    }
  }
`);
const TaggingRaceDeleteContent = graphql(`
  mutation TaggingRaceDeleteContent($id: ID!) {
    deleteContent(input: { id: $id }) { __typename ... on Error { code message } }
  }
`);
const TaggingRaceCreateRule = graphql(`
  mutation TaggingRaceCreateRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) { __typename ... on AutomationRule { id } ... on Error { code message } }
  }
`);
const TaggingRaceDeleteRule = graphql(`
  mutation TaggingRaceDeleteRule($id: ID!) {
    deleteAutomationRule(input: { id: $id }) { __typename ... on Error { code message } }
  }
`);
const TaggingRaceDeleteCampaign = graphql(`
  mutation TaggingRaceDeleteCampaign($id: ID!) {
    deleteCampaign(input: { id: $id }) { __typename ... on Error { code message } }
  }
`);

describe.skipIf(databaseMissing)(`recategorizeCampaign racing deletions (${testProvider})`, () => {
  let stub: OpenAiStub;
  let ai: ReturnType<typeof scriptAi>;
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const as = () => ({ token: tenant.user.token });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    ai = scriptAi(stub);
    server = await startTestServer(aiEnv(stub));
    tenant = await seedTenant(server.client, 'Recategorizer');
  });
  afterEach(() => ai.releaseAll());
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  /**
   * A campaign of three items (on days `first` to `first + 2`, tagged in that order), and its first
   * item's classification held. Each test takes days of its own: the same text would have its
   * classification served from the cache.
   */
  async function recategorizingHeld(name: string, first: number) {
    const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, name);
    const contents = [];
    for (const day of [first, first + 1, first + 2]) contents.push(await createContent(server.client, tenant.user, campaign.id, day));
    const held = ai.hold('chat', `Day ${first}:`);
    const running = server.client.request(TaggingRaceRecategorize, { id: campaign.id }, as());
    await held.arrived;
    return { campaign, contents, held, running };
  }

  it('skips the items deleted while it runs: the one being classified and one not reached yet', async () => {
    const { contents, held, running } = await recategorizingHeld('Recategorize race', 1);
    for (const content of contents.slice(0, 2)) {
      const { data } = await server.client.request(TaggingRaceDeleteContent, { id: content.id }, as());
      expect(data?.deleteContent.__typename).toBe('TrashItem');
    }
    held.release();
    const { data, errors } = await running;
    expect(errors).toBeUndefined();
    const result = data!.recategorizeCampaign;
    if (result.__typename !== 'Campaign') throw new Error(JSON.stringify(result));
    expect(result.contents.edges.map((edge) => edge.node)).toEqual([{ id: contents[2].id, taggedAt: expect.any(String) }]);
  });

  it('answers NOT_FOUND when its campaign is deleted while it runs', async () => {
    const { campaign, held, running } = await recategorizingHeld('Recategorize campaign race', 4);
    const { data: deleted } = await server.client.request(TaggingRaceDeleteCampaign, { id: campaign.id }, as());
    expect(deleted?.deleteCampaign.__typename).toBe('TrashItem');
    held.release();
    const { data, errors } = await running;
    expect(errors).toBeUndefined();
    expect(data!.recategorizeCampaign).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });
});

describe.skipIf(databaseMissing)(`background categorisation racing deletions (${testProvider})`, () => {
  let stub: OpenAiStub;
  let ai: ReturnType<typeof scriptAi>;
  let server: TestServer;
  let jobs: JobQueue;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const logLines: string[] = [];
  const as = () => ({ token: tenant.user.token });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    ai = scriptAi(stub);
    server = await startTestServer({ ...aiEnv(stub), AUTO_TAGGING: 'true' }, undefined, { logLines });
    jobs = server.app.jobs;
    tenant = await seedTenant(server.client, 'Background');
    expect(await jobsIdle(jobs)).toBe(true);
  });
  afterEach(() => ai.releaseAll());
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  /** Runs `race` and waits for the tagging jobs it leaves: each must end at its first run, without a failure or a warning logged. */
  async function expectQuietJobs(race: () => Promise<void>) {
    const counts = async () => Object.fromEntries((await jobs.stats()).filter((queue) => queue.queue.startsWith('tag-')).map((queue) => [queue.queue, queue.counts]));
    const before = await counts();
    const logged = logLines.length;
    await race();
    // A run that failed waits 30 s to retry: idle within 10 s means none did.
    expect(await jobsIdle(jobs, 10_000)).toBe(true);
    const after = await counts();
    for (const queue of ['tag-content', 'tag-campaign']) expect(after[queue]?.failed ?? 0, queue).toBe(before[queue]?.failed ?? 0);
    const loud = logLines.slice(logged).filter((line) => (JSON.parse(line) as { level: number }).level >= 40);
    expect(loud).toEqual([]);
  }

  // Each on a day of its own: the same text would have its classification served from the cache.
  it.each([
    ['its embedding', 'embeddings', 4],
    ['its classification', 'chat', 5],
  ] as const)('content deleted while %s is computed: the tag-content job ends quietly', async (_name, endpoint, day) => {
    await expectQuietJobs(async () => {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, `Content race ${endpoint}`);
      expect(await jobsIdle(jobs)).toBe(true);
      const held = ai.hold(endpoint, `Day ${day}:`);
      const content = await createContent(server.client, tenant.user, campaign.id, day);
      await held.arrived;
      const { data } = await server.client.request(TaggingRaceDeleteContent, { id: content.id }, as());
      expect(data?.deleteContent.__typename).toBe('TrashItem');
      held.release();
    });
  });

  it('campaign deleted while it is classified: the tag-campaign job ends quietly', async () => {
    await expectQuietJobs(async () => {
      const held = ai.hold('chat', 'Campaign race');
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, 'Campaign race');
      await held.arrived;
      const { data } = await server.client.request(TaggingRaceDeleteCampaign, { id: campaign.id }, as());
      expect(data?.deleteCampaign.__typename).toBe('TrashItem');
      held.release();
    });
  });

  it.each([
    ['embedding', 'embeddings', 6],
    ['classification', 'chat', 7],
  ] as const)("business deleted while the content's %s is computed: the tag-content job ends quietly", async (_name, endpoint, day) => {
    await expectQuietJobs(async () => {
      const business = await createBusiness(server.client, tenant.user);
      const campaign = await createCampaign(server.client, tenant.user, business.id, `Business race ${endpoint}`);
      expect(await jobsIdle(jobs)).toBe(true);
      const held = ai.hold(endpoint, `Day ${day}:`);
      await createContent(server.client, tenant.user, campaign.id, day);
      await held.arrived;
      const { data } = await server.client.request(DeleteBusiness, { input: { id: business.id } }, as());
      expect(data?.deleteBusiness.__typename).toBe('DeletedBusiness');
      held.release();
    });
  });

  it('business deleted while a campaign is embedded: the tag-campaign job ends quietly', async () => {
    await expectQuietJobs(async () => {
      const business = await createBusiness(server.client, tenant.user);
      const held = ai.hold('embeddings', 'Campaign business race');
      await createCampaign(server.client, tenant.user, business.id, 'Campaign business race');
      await held.arrived;
      const { data } = await server.client.request(DeleteBusiness, { input: { id: business.id } }, as());
      expect(data?.deleteBusiness.__typename).toBe('DeletedBusiness');
      held.release();
    });
  });

  it('a rule deleted while content it applies to is classified: the tag-content job ends quietly, the content tagged', async () => {
    const business = await createBusiness(server.client, tenant.user);
    const campaign = await createCampaign(server.client, tenant.user, business.id, 'Rule race');
    const { createAutomationRule: rule } = await server.client.data(
      TaggingRaceCreateRule,
      { input: { businessId: business.id, name: 'Tag pastries', ruleType: 'TAGGING', conditions: { keywords: ['croissants'] }, actions: { addTags: ['pastry'] } } },
      as(),
    );
    if (rule.__typename !== 'AutomationRule') throw new Error(JSON.stringify(rule));
    expect(await jobsIdle(jobs)).toBe(true);
    let contentId = '';
    await expectQuietJobs(async () => {
      const held = ai.hold('chat', 'Day 8:');
      contentId = (await createContent(server.client, tenant.user, campaign.id, 8)).id;
      await held.arrived;
      const { data } = await server.client.request(TaggingRaceDeleteRule, { id: rule.id }, as());
      expect(data?.deleteAutomationRule.__typename).not.toMatch(/Error$/);
      held.release();
    });
    const tagged = await prisma.content.findUniqueOrThrow({ where: { id: localIdOf(contentId) }, select: { taggedAt: true } });
    expect(tagged.taggedAt).not.toBeNull();
  });
});
