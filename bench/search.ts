// npm run bench:search: keyword and semantic search latency for one business among 100,000
// contents of 100 businesses, on each database: the search service alone (the targets), and the
// whole GraphQL request over HTTP (what a client sees: parsing, auth, the hits' rows, JSON).
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { embedText } from '../src/ai/offline/embeddings.ts';
import { withRowsMuted } from '../src/audit/audit-scope.ts';
import { prisma } from '../src/db/client.ts';
import type { DatabaseProvider } from '../src/db/prisma-schema.ts';
import { search } from '../src/modules/search/search.service.ts';
import { contentText } from '../src/domain/content-text.ts';
import { toBytes } from '../src/search/vector-bytes.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/database.ts';
import { signUpUser } from '../test/support/fixtures.ts';
import { localIdOf } from '../test/support/seed-graph.ts';
import { startTestServer } from '../test/support/server.ts';
import { skewedWords } from '../test/support/skewed-words.ts';

const BUSINESSES = Number(process.env.BENCH_SEARCH_BUSINESSES ?? 100);
const CONTENTS_PER_BUSINESS = Number(process.env.BENCH_SEARCH_CONTENTS ?? 1000);
const QUERIES = Number(process.env.BENCH_ITERATIONS ?? 50);
const TARGET_MS = { KEYWORD: 20, SEMANTIC: 50 } as const;

const { random, word, words } = skewedWords(42);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function seed100k(ownerId: string, model: string) {
  const businesses = Array.from({ length: BUSINESSES }, (_, b) => ({ id: randomUUID(), ownerId, name: `Business ${b}`, industry: 'FOOD' as const }));
  await prisma.business.createMany({ data: businesses });
  await prisma.membership.createMany({ data: businesses.map((business) => ({ businessId: business.id, userId: ownerId, role: 'OWNER' as const })) });
  const campaigns = businesses.map((business) => ({
    id: randomUUID(),
    businessId: business.id,
    name: `Campaign ${words(2)}`,
    goal: words(6),
    campaignType: 'BRAND_AWARENESS' as const,
    durationDays: 365,
    contentCalendar: [],
    targetPlatforms: [],
    optimalTimes: [],
  }));
  await prisma.campaign.createMany({ data: campaigns });
  for (const campaign of campaigns) {
    const contents = Array.from({ length: CONTENTS_PER_BUSINESS }, (_, i) => ({
      id: randomUUID(),
      campaignId: campaign.id,
      businessId: campaign.businessId,
      day: (i % 365) + 1,
      platform: 'INSTAGRAM' as const,
      contentType: 'POST' as const,
      title: words(4),
      caption: words(30),
      hashtags: [word(), word(), word()],
      mentions: [],
      script: null,
    }));
    await prisma.content.createMany({ data: contents });
    await prisma.contentVector.createMany({
      data: contents.map((content) => {
        const vector = embedText(contentText(content));
        return { contentId: content.id, businessId: content.businessId, model, dimensions: vector.length, vector: toBytes(vector) };
      }),
    });
  }
  // What autovacuum (PostgreSQL) or an occasional ANALYZE would have done to a live database by now:
  // without statistics the planner takes 100,000 fresh rows for a handful.
  await prisma.$executeRawUnsafe('ANALYZE');
  return businesses[Math.floor(BUSINESSES / 2)].id;
}

const SEARCH = `query($businessId: ID!, $query: String!, $mode: SearchMode) {
  search(businessId: $businessId, query: $query, mode: $mode, first: 20) { edges { node { kind score snippet ... on ContentHit { content { id title } } } } }
}`;

async function bench(provider: DatabaseProvider) {
  // PGVECTOR=off measures PostgreSQL's exact scan where the server has pgvector.
  const server = await startTestServer({ OBSERVE_SQL: 'false', NODE_ENV: 'production', PGVECTOR: process.env.PGVECTOR ?? 'auto' }, createTestDatabase(provider));
  try {
    const user = await signUpUser(server.client, 'Bench');
    const started = performance.now();
    // Seeded rows are not anyone's change: kept out of the audit trail, which would double the load.
    const seeded100k = await withRowsMuted(() => seed100k(localIdOf(user.id), server.app.ai.embeddingModel));
    const businessId = Buffer.from(`Business:${seeded100k}`).toString('base64');
    const seeded = (performance.now() - started) / 1000;
    const ctx = { app: server.app, viewer: { id: localIdOf(user.id), role: 'USER' as const } };
    const localBusinessId = localIdOf(businessId);
    const rows = [];
    for (const mode of ['KEYWORD', 'SEMANTIC'] as const) {
      const queries = Array.from({ length: QUERIES + 5 }, () => (random() < 0.5 ? word() : `${word()} ${word()}`));
      // Each semantic query is new (a number, which changes little of an embedding): one asked
      // again takes its embedding from the cache, and the target is for a new one.
      const asked = (query: string, i: number, via: 'service' | 'http') => (mode === 'SEMANTIC' ? `${query} ${via === 'service' ? i : i + 10_000}` : query);
      const service: number[] = [];
      const http: number[] = [];
      let hits = 0;
      for (const [i, query] of queries.entries()) {
        let start = performance.now();
        hits += (await search(ctx, { businessId: localBusinessId, input: { query: asked(query, i, 'service'), mode }, page: { offset: 0, limit: 20 } })).length;
        if (i >= 5) service.push(performance.now() - start); // the first five warm up
        start = performance.now();
        const { errors } = await server.client.raw(SEARCH, { businessId, query: asked(query, i, 'http'), mode }, { token: user.token });
        if (errors) throw new Error(JSON.stringify(errors));
        if (i >= 5) http.push(performance.now() - start);
      }
      service.sort((a, b) => a - b);
      http.sort((a, b) => a - b);
      rows.push({
        database: provider,
        mode,
        'service p50 ms': Number(percentile(service, 50).toFixed(1)),
        'service p95 ms': Number(percentile(service, 95).toFixed(1)),
        'target p50 ms': TARGET_MS[mode],
        met: percentile(service, 50) <= TARGET_MS[mode],
        'HTTP p50 ms': Number(percentile(http, 50).toFixed(1)),
        'hits/query': Number((hits / queries.length).toFixed(1)),
      });
    }
    console.log(`${provider} (${server.app.vectorSearch}): seeded ${BUSINESSES * CONTENTS_PER_BUSINESS} contents in ${BUSINESSES} businesses in ${seeded.toFixed(0)} s`);
    console.table(rows);
  } finally {
    await server.stop();
  }
}

console.log(
  `bench:search, ${new Date().toISOString()}, ${QUERIES} queries per mode, first: 20, one business of ${CONTENTS_PER_BUSINESS} contents, ` +
    `${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)}`,
);
process.env.TEST_DATABASE ??= 'sqlite';
await bench('sqlite');
if (await isPostgresReachable()) await bench('postgresql');
