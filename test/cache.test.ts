import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/database.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { recordEngagement, seedTenant } from './support/fixtures.ts';
import { isRedisReachable, testRedisUrl } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Three instances in this process over one database: two share Redis (when it answers), the
// third has none. What one instance writes, no other may serve stale afterwards.

const Likes = `query($id: ID!) { campaign(id: $id) { performance { totals { likes } } } }`;
const Stats = `query($id: ID!) { cacheStats(businessId: $id) { layers { layer hits misses } storedEntries } }`;

describe.skipIf(databaseMissing)(`cache (${testProvider})`, () => {
  const servers: TestServer[] = [];
  let withRedis: boolean;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;

  beforeAll(async () => {
    withRedis = await isRedisReachable();
    const database = await createTestDatabase();
    const redis: Record<string, string> = withRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: `cache-test-${randomUUID()}` } : {};
    // Only the first server drops the database, once the others are stopped.
    const shared = { url: database.url, drop: async () => undefined };
    a = await startTestServer(redis, database);
    b = await startTestServer(redis, shared);
    c = await startTestServer({}, shared);
    servers.push(c, b, a);
    tenant = await seedTenant(a.client);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  const likesOn = async (server: TestServer) => {
    const result = await server.client.raw<{ campaign: { performance: { totals: { likes: number } } } }>(Likes, { id: tenant.campaign.id }, { token: tenant.user.token });
    expect(result.errors).toBeUndefined();
    return result.data?.campaign.performance.totals.likes;
  };
  const layer = (server: TestServer, name: string) => server.app.cache.counts().find((l) => l.layer === name);

  it('serves from memory, then Redis, then the database, and never a value older than the last write', async () => {
    await recordEngagement(a.client, tenant.user, tenant.content.id, new Date(Date.now() - 120_000), 10);
    expect(await likesOn(b)).toBe(10);
    const memoryHits = layer(b, 'memory')?.hits ?? 0;
    expect(await likesOn(b)).toBe(10);
    expect(layer(b, 'memory')?.hits).toBe(memoryHits + 1);

    if (withRedis) {
      expect(await likesOn(a)).toBe(10);
      expect(layer(a, 'redis')).toMatchObject({ hits: 1 });
    }
    // No Redis here: the value another instance computed comes from the database layer.
    expect(await likesOn(c)).toBe(10);
    expect(layer(c, 'redis')).toBeUndefined();
    expect(layer(c, 'database')).toMatchObject({ hits: 1 });

    // A later reading, written on one instance: every instance answers it at once.
    await recordEngagement(a.client, tenant.user, tenant.content.id, new Date(Date.now() - 60_000), 25);
    expect(await likesOn(b)).toBe(25);
    expect(await likesOn(c)).toBe(25);
    expect(await likesOn(a)).toBe(25);
  });

  it('counts hits and misses per layer on /metrics and in cacheStats for the business admins', async () => {
    const metrics = await (await fetch(`${b.origin}/metrics`)).text();
    expect(metrics).toMatch(/herald_cache_lookups_total\{layer="memory",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/herald_cache_lookups_total\{layer="database",result="miss"\} [1-9]/);

    const stats = await b.client.raw<{ cacheStats: { layers: { layer: string; hits: number; misses: number }[]; storedEntries: number } }>(
      Stats,
      { id: tenant.business.id },
      { token: tenant.user.token },
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data?.cacheStats.layers.map((l) => l.layer)).toEqual(withRedis ? ['memory', 'redis', 'database'] : ['memory', 'database']);
    expect(stats.data?.cacheStats.layers[0].hits).toBeGreaterThan(0);
    expect(stats.data?.cacheStats.storedEntries).toBeGreaterThanOrEqual(2);

    // Another tenant's admin learns nothing about this business.
    const stranger = await seedTenant(b.client, 'Stranger');
    const foreign = await b.client.raw(Stats, { id: tenant.business.id }, { token: stranger.user.token });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
