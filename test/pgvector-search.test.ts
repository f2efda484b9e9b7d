import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedText } from '../src/ai/offline/embeddings.ts';
import { withRowsMuted } from '../src/audit/audit-scope.ts';
import { onQuery, prisma } from '../src/db/client.ts';
import { contentText } from '../src/domain/content-text.ts';
import { Prisma } from '../src/generated/prisma-postgresql/client.ts';
import { toBytes } from '../src/search/vector-bytes.ts';
import { createTestDatabase, databaseMissing, postgresAdminUrl, type TestDatabase } from './support/database.ts';
import { createBusiness, createCampaign, signUpUser, type TestUser } from './support/fixtures.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { skewedWords } from './support/skewed-words.ts';

// PostgreSQL only (vitest.config.ts): SQLite always ranks with sqlite-vec.
async function pgvectorMissing(): Promise<string | false> {
  if (databaseMissing) return 'PostgreSQL does not answer';
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    return rowCount ? false : `the PostgreSQL server at ${postgresAdminUrl} has no pgvector extension (pg_available_extensions)`;
  } finally {
    await client.end();
  }
}
const skipReason = await pgvectorMissing();
if (skipReason) console.warn(`SKIPPING pgvector search tests: ${skipReason}. Install pgvector to run them; the exact scan is tested by search.test.ts.`);

const SEARCH = `query PgvectorSearch($businessId: ID!, $query: String!, $mode: SearchMode, $filter: SearchFilter, $first: Int, $after: String) {
  search(businessId: $businessId, query: $query, mode: $mode, filter: $filter, first: $first, after: $after) {
    edges { node { kind score ... on ContentHit { content { id } } } }
    pageInfo { endCursor }
  }
}`;
const SIMILAR = `query PgvectorSimilar($id: ID!, $first: Int) { similarContents(id: $id, first: $first) { score content { id } } }`;

interface Hit {
  id: string;
  score: number;
}

// The first 45 words of the vocabulary bench/search.ts draws from.
const { word, words } = skewedWords(7, 45);
const platforms = ['INSTAGRAM', 'TIKTOK', 'FACEBOOK'] as const;

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe.skipIf(databaseMissing)('semantic search with pgvector (postgresql)', () => {
  let database: TestDatabase;
  let server: TestServer | undefined;
  let owner: TestUser;
  let stranger: TestUser;
  let businessId: string;
  let strangerBusinessId: string;
  let campaignIds: string[];
  let ownContentIds: Set<string>;
  let strangerContentIds: Set<string>;
  let restaleId: string;

  /** Contents with bulk-stored vectors (no pgvector rows), a share of them without vectors, a few with empty text (zero vectors). */
  async function seedContents(business: string, campaign: string, count: number, { withoutVectors = 0, texts = [] as string[] } = {}) {
    const rows = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      campaignId: campaign,
      businessId: business,
      day: (i % 30) + 1,
      platform: platforms[i % platforms.length],
      contentType: 'POST' as const,
      status: i % 17 === 0 ? ('ARCHIVED' as const) : ('DRAFT' as const),
      title: i < 3 ? null : (texts[i] ?? words(3)),
      caption: i < 3 ? (i === 0 ? '' : 'the and of') : words(20),
      hashtags: i < 3 ? [] : [word(), word()],
      mentions: [],
      script: null,
    }));
    await withRowsMuted(async () => {
      await prisma.content.createMany({ data: rows });
      await prisma.contentVector.createMany({
        data: rows.slice(withoutVectors).map((content) => {
          const vector = embedText(contentText(content));
          return { contentId: content.id, businessId: business, model: server!.app.ai.embeddingModel, dimensions: vector.length, vector: toBytes(vector) };
        }),
      });
    });
    return rows.map((row) => row.id);
  }

  async function start(env: Record<string, string>) {
    server = await startTestServer(env, { url: database.url, drop: async () => {} });
    return server;
  }

  beforeAll(async () => {
    if (skipReason) return;
    database = await createTestDatabase('postgresql');
    await start({});
    owner = await signUpUser(server!.client);
    stranger = await signUpUser(server!.client, 'Stranger');
    businessId = (await createBusiness(server!.client, owner, 'Lavender Cafe')).id;
    strangerBusinessId = (await createBusiness(server!.client, stranger, 'Other Cafe')).id;
    campaignIds = [(await createCampaign(server!.client, owner, businessId, 'Autumn')).id, (await createCampaign(server!.client, owner, businessId, 'Winter')).id];
    const strangerCampaign = (await createCampaign(server!.client, stranger, strangerBusinessId)).id;
    const own = [
      ...(await seedContents(localIdOf(businessId), localIdOf(campaignIds[0]), 200, { withoutVectors: 20 })),
      ...(await seedContents(localIdOf(businessId), localIdOf(campaignIds[1]), 100)),
    ];
    ownContentIds = new Set(own.map((id) => globalId('Content', id)));
    // The stranger's posts are the owner's queries word for word: they would rank first if they leaked.
    const strangerTexts = Array.from({ length: 50 }, (_, i) => ['lavender latte', 'croissant morning', 'honey'][i % 3]);
    strangerContentIds = new Set((await seedContents(localIdOf(strangerBusinessId), localIdOf(strangerCampaign), 50, { texts: strangerTexts })).map((id) => globalId('Content', id)));
    restaleId = own[100];
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const search = async (variables: Record<string, unknown>) => {
    const { data, errors } = await server!.client.raw<Record<string, any>>(SEARCH, { businessId, first: 50, mode: 'SEMANTIC', ...variables }, { token: owner.token });
    expect(errors).toBeUndefined();
    return data!.search;
  };
  const hitsOf = (connection: { edges: { node: { score: number; content: { id: string } } }[] }): Hit[] =>
    connection.edges.map(({ node }) => ({ id: node.content.id, score: node.score }));

  /** The same requests, each answered as a list of hits, so two servers' answers compare one for one. */
  async function answers(): Promise<Hit[][]> {
    const first = await search({ query: 'lavender latte' });
    const second = await search({ query: 'lavender latte', after: first.pageInfo.endCursor });
    const lists = [hitsOf(first), hitsOf(second)];
    for (const variables of [
      { query: 'croissant morning' },
      { query: 'honey', filter: { platform: 'TIKTOK' } },
      { query: 'honey', filter: { status: 'ARCHIVED' } },
      { query: 'sweet golden pastry', filter: { campaignId: campaignIds[1] } },
      { query: 'photographic', first: 100 },
    ]) {
      lists.push(hitsOf(await search(variables)));
    }
    const hybrid = await search({ query: 'croissant morning', mode: 'HYBRID' });
    lists.push(hitsOf(hybrid));
    const similar = await server!.client.raw<Record<string, any>>(SIMILAR, { id: globalId('Content', restaleId), first: 50 }, { token: owner.token });
    expect(similar.errors).toBeUndefined();
    lists.push(similar.data!.similarContents.map((hit: { score: number; content: { id: string } }) => ({ id: hit.content.id, score: hit.score })));
    return lists;
  }

  const statementsOf = async (work: () => Promise<unknown>) => {
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      await work();
    } finally {
      stop();
    }
    return statements;
  };
  const ranksWithPgvector = (sql: string) => sql.includes('<=>') && sql.includes('"ContentVectorPg"');
  const scansExactly = (sql: string) => /SELECT c\."id", encode\(v\."vector", 'base64'\)/.test(sql);
  const sideRows = async (business: string) =>
    Number((await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS "count" FROM "ContentVectorPg" WHERE "businessId" = ${business}`)[0].count);
  const vectorRows = (business: string) => prisma.contentVector.count({ where: { businessId: business } });

  let withPgvector: Hit[][];

  it.skipIf(skipReason)('copies vectors stored without pgvector on the first search, then ranks in one pgvector statement', async () => {
    expect(server!.app.vectorSearch).toBe('pgvector');
    expect(await sideRows(localIdOf(businessId))).toBe(0);
    const first = await statementsOf(() => search({ query: 'warm bread' }));
    // All 300 have vectors now (20 embedded by this search), and each one its pgvector row; none of the stranger's.
    expect(await vectorRows(localIdOf(businessId))).toBe(300);
    expect(await sideRows(localIdOf(businessId))).toBe(300);
    expect(await sideRows(localIdOf(strangerBusinessId))).toBe(0);
    // Ranked once to find the vectors lacking their copy, and again once they are copied.
    expect(first.filter(ranksWithPgvector)).toHaveLength(2);
    expect(first.filter(scansExactly)).toEqual([]);

    // A vector replaced while PGVECTOR was off (a later updatedAt, other values): its stale copy counts as missing.
    const replacement = embedText('lavender latte');
    await prisma.$executeRaw`UPDATE "ContentVector" SET "vector" = ${toBytes(replacement)}, "updatedAt" = now() + interval '1 second' WHERE "contentId" = ${restaleId}`;
    const statements = await statementsOf(async () => (withPgvector = await answers()));
    expect(statements.filter(ranksWithPgvector).length).toBeGreaterThanOrEqual(9);
    expect(statements.filter(scansExactly)).toEqual([]);
    expect(await sideRows(localIdOf(businessId))).toBe(300);
    expect(withPgvector[0][0]).toEqual({ id: globalId('Content', restaleId), score: expect.closeTo(1, 6) });
  });

  it.skipIf(skipReason)("never ranks another business's vectors", () => {
    const all = withPgvector.flat();
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter((hit) => !ownContentIds.has(hit.id))).toEqual([]);
    expect(all.filter((hit) => strangerContentIds.has(hit.id))).toEqual([]);
  });

  it.skipIf(skipReason)('writes the pgvector row of a new vector in the transaction that stores it', async () => {
    const ids = await seedContents(localIdOf(businessId), localIdOf(campaignIds[0]), 4, { withoutVectors: 4 });
    const statements = await statementsOf(() => search({ query: 'weekend brunch' }));
    // Written with the vectors' upserts (one batch transaction): the ranking finds none lacking, so nothing is copied.
    expect(statements.filter((sql) => sql.includes('INSERT INTO "ContentVectorPg"'))).toHaveLength(1);
    expect(statements.filter((sql) => sql.includes('encode(v."vector"'))).toEqual([]);
    expect(statements.filter(ranksWithPgvector)).toHaveLength(1);
    expect(await sideRows(localIdOf(businessId))).toBe(304);
    const rows = await prisma.$queryRaw<{ same: boolean }[]>`
      SELECT p."vectorUpdatedAt" = v."updatedAt" AS "same" FROM "ContentVectorPg" p JOIN "ContentVector" v USING ("contentId") WHERE p."contentId" IN (${Prisma.join(ids)})`;
    expect(rows.map((row) => row.same)).toEqual([true, true, true, true]);
    // Deleted with their content: the exact scan below compares the same rows.
    await prisma.content.deleteMany({ where: { id: { in: ids } } });
    expect(await sideRows(localIdOf(businessId))).toBe(300);
  });

  it.skipIf(skipReason)('scans exactly while some vectors still lack their copy (more than one search copies)', async () => {
    const large = (await createBusiness(server!.client, owner, 'Large Cafe')).id;
    const campaign = (await createCampaign(server!.client, owner, large)).id;
    await seedContents(localIdOf(large), localIdOf(campaign), 2_100);
    const searchLarge = async () => hitsOf(await search({ businessId: large, query: 'honey croissant' }));
    let exact: Hit[] = [];
    const first = await statementsOf(async () => (exact = await searchLarge()));
    expect(await sideRows(localIdOf(large))).toBe(2_000);
    expect(first.filter(scansExactly)).toHaveLength(1);
    let ranked: Hit[] = [];
    const second = await statementsOf(async () => (ranked = await searchLarge()));
    expect(await sideRows(localIdOf(large))).toBe(2_100);
    expect(second.filter(scansExactly)).toEqual([]);
    expect(second.filter(ranksWithPgvector)).toHaveLength(2);
    expect(ranked.map((hit) => hit.id)).toEqual(exact.map((hit) => hit.id));
    ranked.forEach((hit, j) => expect(Math.abs(hit.score - exact[j].score)).toBeLessThan(1e-6));
    await prisma.business.delete({ where: { id: localIdOf(large) } });
  });

  it.skipIf(skipReason)('ranks as the exact scan does (PGVECTOR=off): same ids in the same order, scores within 1e-6', async () => {
    await server!.stop();
    server = undefined;
    await start({ PGVECTOR: 'off' });
    expect(server!.app.vectorSearch).toBe('exact-scan');
    let exact: Hit[][] = [];
    const statements = await statementsOf(async () => (exact = await answers()));
    expect(statements.filter((sql) => sql.includes('<=>'))).toEqual([]);
    expect(statements.filter(scansExactly).length).toBeGreaterThanOrEqual(9);

    expect(exact.map((list) => list.length)).toEqual(withPgvector.map((list) => list.length));
    exact.forEach((list, i) => {
      expect(withPgvector[i].map((hit) => hit.id), `request ${i}`).toEqual(list.map((hit) => hit.id));
      withPgvector[i].forEach((hit, j) => expect(Math.abs(hit.score - list[j].score), `request ${i}, hit ${j}`).toBeLessThan(1e-6));
    });
  });
});

describe.skipIf(databaseMissing)('semantic search where pgvector may not be created (postgresql)', () => {
  const role = `herald_nopgvector_${randomUUID().slice(0, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let server: TestServer | undefined;
  const logLines: string[] = [];

  beforeAll(async () => {
    if (skipReason) return;
    // A role that owns its database but is no superuser: pgvector is not a trusted extension.
    await admin(`CREATE ROLE ${role} LOGIN`);
    await admin(`CREATE DATABASE ${role} OWNER ${role}`);
    const url = new URL(postgresAdminUrl);
    url.username = role;
    url.pathname = `/${role}`;
    server = await startTestServer({}, { url: url.toString(), drop: async () => {} }, { logLines });
  });

  afterAll(async () => {
    await server?.stop();
    if (skipReason) return;
    await admin(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it.skipIf(skipReason)('starts with the exact scan, says why in one info line, and searches by meaning', async () => {
    expect(server!.app.vectorSearch).toBe('exact-scan');
    const lines = logLines.map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string }).filter((line) => line.msg.includes('pgvector'));
    expect(lines).toEqual([expect.objectContaining({ level: 30, reason: expect.stringContaining('permission denied to create extension') })]);

    const user = await signUpUser(server!.client);
    const business = (await createBusiness(server!.client, user)).id;
    const campaign = (await createCampaign(server!.client, user, business)).id;
    await prisma.content.create({
      data: { campaignId: localIdOf(campaign), businessId: localIdOf(business), day: 1, platform: 'INSTAGRAM', contentType: 'POST', title: 'Photography workshop', caption: 'For beginners', hashtags: [], mentions: [] },
    });
    const { data, errors } = await server!.client.raw<Record<string, any>>(SEARCH, { businessId: business, query: 'photographic', mode: 'SEMANTIC', first: 5 }, { token: user.token });
    expect(errors).toBeUndefined();
    expect(data!.search.edges).toHaveLength(1);
  });
});
