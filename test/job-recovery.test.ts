import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, prisma } from '../src/db/client.ts';
import { PG_BOSS_SCHEMA } from '../src/jobs/pg-boss-job-queue.ts';
import { graphql } from './generated/gql.ts';
import { GraphQLClient } from './support/client.ts';
import { createTestDatabase, databaseMissing, type TestDatabase, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, expectType, signUpUser } from './support/fixtures.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { CreateContent } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const CreateRule = graphql(`
  mutation RecoveryRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) { __typename ... on AutomationRule { id } ... on Error { code message } }
  }
`);

const CONTENTS = 40;
const LEASE_SECONDS = 5;

/** Outstanding tagging jobs, read from the engine's own tables. */
async function outstandingJobs(): Promise<Record<string, number>> {
  const rows =
    testProvider === 'postgresql'
      ? await prisma.$queryRawUnsafe<{ state: string; count: number }[]>(
          `SELECT state::text AS state, count(*)::int AS count FROM ${PG_BOSS_SCHEMA}.job WHERE name = 'tag-content' AND state NOT IN ('completed', 'cancelled') GROUP BY state`,
        )
      : (await prisma.job.groupBy({ by: ['state'], where: { queue: 'tag-content', state: { notIn: ['COMPLETED', 'CANCELLED'] } }, _count: { _all: true } })).map((g) => ({
          state: g.state,
          count: g._count._all,
        }));
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}

const taggedCount = () => prisma.content.count({ where: { taggedAt: { not: null } } });

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The server is a separate process, killed with SIGKILL while it works through tagging jobs; what
// it held is taken again once its lease expires, and the rule's run counter shows nothing ran twice.
describe.skipIf(databaseMissing)(`jobs survive kill -9 (${testProvider})`, () => {
  let database: TestDatabase;
  let stub: OpenAiStub;
  let server: ServerProcess | undefined;

  const start = async () => {
    server = await spawnServer({
      DATABASE_URL: database.url,
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: stub.url,
      OPENAI_MAX_RETRIES: '0',
      AI_RATE_LIMIT_PER_MINUTE: '100000',
      AUTO_TAGGING: 'true',
      JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      JOB_POLL_SECONDS: '0.5',
    });
    return new GraphQLClient(server.url);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    stub = await startOpenAiStub();
    // Every AI call takes a while, so the kills land while runs are in flight.
    stub.respondWith((endpoint, body) => {
      if (endpoint === 'embeddings') {
        const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
        return { delayMs: 60, then: { embeddings: inputs.map((text) => Array.from({ length: 8 }, (_, i) => ((text.length * (i + 3)) % 17) + 1)), usage: { prompt_tokens: 50 } } };
      }
      return { delayMs: 60, then: { json: { category: 'Product Launch', confidence: 0.8, tags: ['fresh_bread'], sentiment: 'POSITIVE', qualityScore: 0.7 }, usage: { prompt_tokens: 300, completion_tokens: 40 } } };
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await closeDatabase();
    await stub?.close();
    await database?.drop();
  });

  it('loses no job and applies no effect twice', { timeout: 180_000 }, async () => {
    let client = await start();
    await openDatabase(database.url);
    const user = await signUpUser(client);
    const business = await createBusiness(client, user);
    const campaign = await createCampaign(client, user, business.id);
    const rule = await client.data(
      CreateRule,
      { input: { businessId: business.id, name: 'Croissants are launches', ruleType: 'CATEGORIZATION', priority: 10, conditions: { keywords: ['croissants'] }, actions: { setCategory: 'Product Launch' } } as never },
      { token: user.token },
    );
    const ruleId = localIdOf(expectType(rule.createAutomationRule, 'AutomationRule').id);

    for (let i = 0; i < CONTENTS; i++) {
      const { createContent } = await client.data(
        CreateContent,
        { input: { campaignId: campaign.id, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: `Batch ${i}: fresh croissants` } },
        { token: user.token },
      );
      expectType(createContent, 'Content');
    }

    const killedAt: number[] = [];
    // Two kills: a tagging job has three attempts, and a third kill could land on a run already
    // killed twice (its lease ends while it waits its turn, so it is taken at once), which then
    // fails for good as it should; the test would be about that coincidence instead.
    for (let kill = 0; kill < 2; kill++) {
      const before = await taggedCount();
      await until(async () => (await taggedCount()) >= Math.min(CONTENTS, before + 8), 60_000, 'progress before a kill');
      killedAt.push(await taggedCount());
      await server!.stop('SIGKILL');
      client = await start();
    }
    // The kills came mid-way: work was left for the next process each time.
    expect(killedAt.filter((count) => count < CONTENTS).length).toBeGreaterThanOrEqual(2);

    await until(async () => (await taggedCount()) === CONTENTS && Object.keys(await outstandingJobs()).length === 0, 90_000, 'every job to finish').catch(async (error: Error) => {
      // What was left, so a failure says which jobs and why.
      const left = testProvider === 'sqlite' ? await prisma.job.findMany({ where: { queue: 'tag-content', state: { notIn: ['COMPLETED', 'CANCELLED'] } }, select: { state: true, attempts: true, lastError: true } }) : [];
      throw new Error(`${error.message}: ${await taggedCount()} of ${CONTENTS} tagged, outstanding ${JSON.stringify(await outstandingJobs())} ${JSON.stringify(left)}; kills at ${killedAt.join(', ')}`);
    });
    expect(await outstandingJobs()).toEqual({});
    const { executionCount } = await prisma.automationRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(executionCount).toBe(CONTENTS);
    const tags = await prisma.tag.findMany({ where: { businessId: localIdOf(business.id) }, include: { _count: { select: { contents: true } } } });
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag.usageCount).toBe(tag._count.contents);
    expect(await server!.stop('SIGTERM')).toBe(0);
  });
});
