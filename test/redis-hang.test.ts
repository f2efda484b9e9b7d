import { afterEach, describe, expect, it } from 'vitest';
import { databaseMissing } from './support/database.ts';
import { expectType, signUpUser } from './support/fixtures.ts';
import { LogIn } from './support/operations.ts';
import { hasRedisServerBinary, privateRedis } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A Redis that keeps its connections open but stops answering (overloaded, paused, a network
// blackhole) must not hold up the requests that count against limits in it.

let server: TestServer | undefined;
let redis: Awaited<ReturnType<typeof privateRedis>> | undefined;
afterEach(async () => {
  await server?.stop();
  await redis?.stop();
  server = redis = undefined;
});

describe.skipIf(databaseMissing || !hasRedisServerBinary())('a Redis that stops answering', () => {
  it('does not hold up sign-in, and /ready reports it', async () => {
    redis = await privateRedis();
    await redis.start();
    server = await startTestServer({ REDIS_URL: redis.url });
    const user = await signUpUser(server.client);

    redis.pause();
    const started = Date.now();
    const { logIn } = await server.client.data(LogIn, { input: { email: user.email, password: 'correct horse battery' } });
    expectType(logIn, 'AuthPayload');
    // The limit is counted in memory once Redis has not answered within its second.
    expect(Date.now() - started).toBeLessThan(5_000);

    const ready = await fetch(`${server.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ redis: 'unavailable' });
    redis.resume();
  });
});
