import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from './support/client.ts';
import { createTestDatabase, isPostgresReachable, type TestDatabase } from './support/database.ts';
import { createContent, seedTenant } from './support/fixtures.ts';
import { TransitionContent } from './support/operations.ts';
import { hasRedisServerBinary, isRedisReachable, killHeraldConnections, privateRedis, testRedisUrl } from './support/redis.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { connectWs, type Subscription, type WsClient } from './support/subscriptions.ts';
import { graphql } from './generated/gql.ts';

// Runs in the postgresql project only (see vitest.config.ts): instances share one database.
const ready = (await isPostgresReachable()) && (await isRedisReachable());

const OnStatus = graphql(`
  subscription OnStatus($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { eventId status content { id } }
  }
`);

type StatusEvent = { contentStatusChanged: { eventId: string; status: string; content: { id: string } } };

/**
 * A subscription starts asynchronously on the other instance, and after a Redis outage delivery
 * resumes only once the connection is back: write until an event arrives.
 */
async function untilDelivered(write: () => Promise<string>, sub: Subscription<StatusEvent>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const contentId = await write();
    try {
      for (;;) {
        const event = await sub.next(500);
        if (event.contentStatusChanged.content.id === contentId) return event;
      }
    } catch {
      // no event yet: write again
    }
  }
  throw new Error('Delivery did not resume');
}

describe.skipIf(!ready)('two instances sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((ws) => ws.dispose()));
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    await database?.drop();
  });

  const start = async (redisUrl: string) => {
    const server = await spawnServer({ DATABASE_URL: database.url, REDIS_URL: redisUrl });
    servers.push(server);
    return server;
  };

  it('delivers a mutation on one instance to a subscriber on the other, and survives Redis dropping its connections', async () => {
    const [a, b] = await Promise.all([start(testRedisUrl), start(testRedisUrl)]);
    const clientA = new GraphQLClient(a.url);
    const tenant = await seedTenant(clientA, 'Multi');
    const ws = connectWs(b.url, tenant.user.token);
    sockets.push(ws);
    const sub = ws.subscribe(OnStatus, { businessId: tenant.business.id });
    const write = async () => (await createContent(clientA, tenant.user, tenant.campaign.id)).id;

    await untilDelivered(write, sub);
    await clientA.data(TransitionContent, { id: tenant.content.id, to: 'REVIEW' }, { token: tenant.user.token });
    expect((await sub.next()).contentStatusChanged).toMatchObject({ status: 'REVIEW', content: { id: tenant.content.id } });

    expect(await killHeraldConnections(testRedisUrl)).toBeGreaterThanOrEqual(4);
    await untilDelivered(write, sub);
    for (const server of [a, b]) expect((await fetch(new URL('/health', server.url))).status).toBe(200);
  }, 90_000);

  it.skipIf(!hasRedisServerBinary())('keeps serving while Redis is down and resumes delivery when it is back', async () => {
    const redis = await privateRedis();
    try {
      const [a, b] = await Promise.all([start(redis.url), start(redis.url)]); // Redis not started yet
      const clientA = new GraphQLClient(a.url);
      const tenant = await seedTenant(clientA, 'Outage'); // queries and mutations work without Redis
      const ws = connectWs(b.url, tenant.user.token);
      sockets.push(ws);
      const sub = ws.subscribe(OnStatus, { businessId: tenant.business.id });
      const write = async () => (await createContent(clientA, tenant.user, tenant.campaign.id)).id;

      // Long enough for the subscribing instance to give up on a bounded number of retries.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await redis.start();
      await untilDelivered(write, sub);

      await redis.stop();
      const during = await clientA.data(TransitionContent, { id: tenant.content.id, to: 'REVIEW' }, { token: tenant.user.token });
      expect(during.transitionContent.__typename).toBe('Content');
      for (const server of [a, b]) {
        expect((await fetch(new URL('/health', server.url))).status).toBe(200);
        expect(server.child.exitCode).toBeNull();
      }

      await redis.start();
      await untilDelivered(write, sub);
      expect(a.output()).toMatch(/Redis connection lost/);
      expect(a.output()).toMatch(/Redis connection restored/);
    } finally {
      await redis.stop();
    }
  }, 90_000);

  it('shuts down on SIGTERM: completes subscriptions, closes sockets, exits 0', async () => {
    const server = await start(testRedisUrl);
    const client = new GraphQLClient(server.url);
    const tenant = await seedTenant(client, 'Shutdown');
    const ws = connectWs(server.url, tenant.user.token);
    sockets.push(ws);
    const sub = ws.subscribe(OnStatus, { businessId: tenant.business.id });
    await untilDelivered(async () => (await createContent(client, tenant.user, tenant.campaign.id)).id, sub);

    expect(await server.stop('SIGTERM')).toBe(0);
    await sub.completed;
    expect((await ws.closed).code).toBe(1001);
    expect(server.output()).toMatch(/shutting down/);
  }, 60_000);

  it.runIf(hasRedisServerBinary())('exits within 10 s on SIGTERM while Redis is unreachable', async () => {
    const redis = await privateRedis();
    await redis.start();
    try {
      const server = await start(redis.url);
      const client = new GraphQLClient(server.url);
      const tenant = await seedTenant(client, 'Stranded');
      const ws = connectWs(server.url, tenant.user.token);
      sockets.push(ws);
      ws.subscribe(OnStatus, { businessId: tenant.business.id });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(server.output()).toMatch(/stopped/);
    } finally {
      await redis.stop();
    }
  }, 60_000);
});
