import { afterEach, describe, expect, it } from 'vitest';
import { onQuery, prisma } from '../src/db/client.ts';
import { databaseMissing } from './support/database.ts';
import { isRedisReachable, testRedisUrl } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// GET /ready tells a load balancer whether this instance can serve; GET /health only that it runs.

const redisAnswers = await isRedisReachable();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// Probes within a second of a check share its answer.
const afterReuseWindow = () => new Promise((resolve) => setTimeout(resolve, 1_100));

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};

describe.skipIf(databaseMissing)('readiness', () => {
  it('is 503 while a committed migration is not applied, and 200 again once it is', async () => {
    server = await startTestServer();
    expect(await get(`${server.origin}/ready`)).toEqual({ status: 200, body: { status: 'ready', database: 'ok', redis: 'not configured' } });
    const [last] = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '${last!.migration_name}'`);
    await afterReuseWindow();
    expect(await get(`${server.origin}/ready`)).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'migrations pending', redis: 'not configured' },
    });
    // Liveness is another question: the process still runs.
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = started_at WHERE migration_name = '${last!.migration_name}'`);
    await afterReuseWindow();
    expect((await get(`${server.origin}/ready`)).status).toBe(200);
  });

  it('answers HEAD and ignores a query string, like load balancers send them', async () => {
    server = await startTestServer();
    for (const path of ['/ready', '/health']) {
      expect((await fetch(`${server.origin}${path}`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${server.origin}${path}?probe=lb-1`)).status).toBe(200);
    }
  });

  it('answers a flood of probes from one check', async () => {
    server = await startTestServer();
    await afterReuseWindow();
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, () => get(`${server!.origin}/ready`)));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
    } finally {
      stop();
    }
    // One check: whether _prisma_migrations exists, and what it holds.
    expect(statements).toHaveLength(2);
  });

  it('is 503 when the configured Redis does not answer', async () => {
    // Nothing listens on port 1.
    server = await startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await get(`${server.origin}/ready`)).toEqual({ status: 503, body: { status: 'unavailable', database: 'ok', redis: 'unavailable' } });
  });

  it.runIf(redisAnswers)('is 200 when the configured Redis answers', async () => {
    server = await startTestServer({ REDIS_URL: testRedisUrl });
    let ready = await get(`${server.origin}/ready`);
    // The connections come up just after start.
    for (let tries = 0; ready.status !== 200 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await get(`${server.origin}/ready`);
    }
    expect(ready).toEqual({ status: 200, body: { status: 'ready', database: 'ok', redis: 'ok' } });
  });
});
