import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache } from '../src/auth/session-cache.ts';
import { onQuery, prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { signUpUser } from './support/fixtures.ts';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/server.ts';

// HTTP requests reuse a verified token's session for SESSION_CACHE_SECONDS: never longer, never
// past the token's expiry, and never for subscriptions, which check the user afresh.

const CACHE_SECONDS = 2;
const key = new TextEncoder().encode(TEST_JWT_SECRET);
const userIdOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ME = '{ me { id } }';

describe.skipIf(databaseMissing)(`session cache (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SESSION_CACHE_SECONDS: String(CACHE_SECONDS) });
  });
  afterAll(() => server?.stop());

  async function statementsOf(run: () => Promise<unknown>) {
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      await run();
    } finally {
      stop();
    }
    return statements;
  }

  it('reads the user once for a burst of requests with one token', async () => {
    const user = await signUpUser(server.client, 'Bursty');
    const first = await statementsOf(() => server.client.raw(ME, {}, { token: user.token }));
    const again = await statementsOf(async () => {
      for (let i = 0; i < 5; i++) expect((await server.client.raw<{ me: { id: string } }>(ME, {}, { token: user.token })).data?.me?.id).toBe(user.id);
    });
    // The first request read the user for its session and for `me`; the next ones only for `me`.
    expect(first).toHaveLength(2);
    expect(again).toHaveLength(5);
  });

  it('refuses a user deactivated in the database once the cached session is gone', async () => {
    const user = await signUpUser(server.client, 'Leaving');
    expect((await server.client.raw(ME, {}, { token: user.token })).data).toMatchObject({ me: { id: user.id } });
    await prisma.user.update({ where: { id: userIdOf(user.token) }, data: { isActive: false } });
    await sleep(CACHE_SECONDS * 1000 + 100);
    const refused = await server.client.raw(ME, {}, { token: user.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('never answers from the cache once the token has expired', async () => {
    const user = await signUpUser(server.client, 'Brief');
    const expiresAt = Math.floor(Date.now() / 1000) + 1;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userIdOf(user.token)).setIssuer('herald').setIssuedAt().setExpirationTime(expiresAt).sign(key);
    expect((await server.client.raw(ME, {}, { token })).data).toMatchObject({ me: { id: user.id } });
    await sleep(expiresAt * 1000 - Date.now() + 50);
    // Well within the cache's lifetime, but past the token's.
    const refused = await server.client.raw(ME, {}, { token });
    expect(refused.errors?.[0]).toMatchObject({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('does not exist with SESSION_CACHE_SECONDS=0', () => {
    expect(createSessionCache(0)).toBeUndefined();
  });
});
