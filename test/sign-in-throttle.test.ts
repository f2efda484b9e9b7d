import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, databaseMissing, testProvider } from './support/database.ts';
import { LogIn, SignUp } from './support/operations.ts';
import { isRedisReachable, testRedisUrl } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Guessing passwords is slowed per account and per client address; sign-ups per address.
// TRUST_PROXY lets the suite speak from many addresses through X-Forwarded-For.

const throttled = {
  TRUST_PROXY: 'true',
  LOGIN_MAX_FAILURES_PER_EMAIL: '5',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '8',
  SIGNUP_MAX_PER_ADDRESS: '3',
};

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
const someAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

/** A new account, signed up from an address of its own (so sign-up limits stay out of the way). */
async function newUser(server: TestServer, name: string) {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const { data } = await server.client.request(SignUp, { input: { email, password: 'correct horse battery', fullName: name } }, from(someAddress()));
  expect(data?.signUp.__typename).toBe('AuthPayload');
  return { email };
}

async function logIn(server: TestServer, email: string, password: string, address = someAddress()) {
  const result = await server.client.request(LogIn, { input: { email, password } }, from(address));
  return result.data?.logIn as { __typename: string; code?: string; retryAfterSeconds?: number };
}

describe.skipIf(databaseMissing)(`sign-in throttling (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(throttled);
  });
  afterAll(() => server?.stop());

  it('refuses an account with RATE_LIMITED after 5 failed logins, even with the right password, without touching others', async () => {
    const victim = await newUser(server, 'Victim');
    const bystander = await newUser(server, 'Bystander');
    for (let i = 0; i < 5; i++) expect((await logIn(server, victim.email, 'wrong password')).__typename).toBe('UnauthenticatedError');
    const refused = await logIn(server, victim.email, 'correct horse battery');
    expect(refused).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(800);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect((await logIn(server, bystander.email, 'correct horse battery')).__typename).toBe('AuthPayload');
  });

  it('forgives earlier failures after a successful login', async () => {
    const user = await newUser(server, 'Forgetful');
    for (let i = 0; i < 4; i++) await logIn(server, user.email, 'wrong password');
    expect((await logIn(server, user.email, 'correct horse battery')).__typename).toBe('AuthPayload');
    for (let i = 0; i < 4; i++) expect((await logIn(server, user.email, 'wrong password')).__typename).toBe('UnauthenticatedError');
  });

  it('refuses an address that fails too often, whichever emails it tries', async () => {
    const address = someAddress();
    for (let i = 0; i < 8; i++) await logIn(server, `nobody-${randomUUID()}@example.com`, 'guess', address);
    const user = await newUser(server, 'Innocent');
    expect((await logIn(server, user.email, 'correct horse battery', address)).__typename).toBe('RateLimitedError');
    expect((await logIn(server, user.email, 'correct horse battery')).__typename).toBe('AuthPayload');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const user = await newUser(server, 'Known');
    const unknown = await server.client.request(LogIn, { input: { email: `unknown-${randomUUID()}@example.com`, password: 'guess' } }, from(someAddress()));
    const wrong = await server.client.request(LogIn, { input: { email: user.email, password: 'guess' } }, from(someAddress()));
    expect(unknown).toEqual(wrong);
  });

  it('counts concurrent attempts before checking any password, so a burst cannot get past the limit', async () => {
    const target = await newUser(server, 'Burst');
    const attempts = await Promise.all(Array.from({ length: 30 }, () => logIn(server, target.email, 'wrong password')));
    const checked = attempts.filter((attempt) => attempt.__typename === 'UnauthenticatedError').length;
    expect(checked).toBe(5);
    expect(attempts.filter((attempt) => attempt.__typename === 'RateLimitedError')).toHaveLength(25);
  });

  it('takes the address the proxy appended, not what the client put before it', async () => {
    const real = someAddress();
    for (let i = 0; i < 8; i++) await logIn(server, `nobody-${randomUUID()}@example.com`, 'guess', `${someAddress()}, ${real}`);
    const user = await newUser(server, 'Spoofed');
    expect((await logIn(server, user.email, 'correct horse battery', `1.2.3.4, ${real}`)).__typename).toBe('RateLimitedError');
  });

  it('counts failed logins over a WebSocket against the address its upgrade request came from', async () => {
    const address = someAddress();
    const user = await newUser(server, 'Socket');
    const signedIn = (await server.client.request(LogIn, { input: { email: user.email, password: 'correct horse battery' } }, from(someAddress()))).data?.logIn;
    const token = (signedIn as { token: string }).token;
    const client = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols: string[]) {
          super(url, protocols, from(address));
        }
      },
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      for (let i = 0; i < 8; i++) {
        const answer = await new Promise<unknown>((resolve, reject) =>
          client.subscribe({ query: print(LogIn), variables: { input: { email: `nobody-${randomUUID()}@example.com`, password: 'guess' } } }, { next: resolve, error: reject, complete: () => {} }),
        );
        expect(answer).toMatchObject({ data: { logIn: { __typename: 'UnauthenticatedError' } } });
      }
    } finally {
      await client.dispose();
    }
    expect((await logIn(server, user.email, 'correct horse battery', address)).__typename).toBe('RateLimitedError');
  });

  it('lets a user log in while the request still carries an expired or broken token', async () => {
    const user = await newUser(server, 'Returning');
    for (const token of ['garbage', 'e30.e30.sig']) {
      const result = await server.client.request(LogIn, { input: { email: user.email, password: 'correct horse battery' } }, { token, ...from(someAddress()) });
      expect(result.data?.logIn.__typename).toBe('AuthPayload');
    }
    const me = await server.client.raw('{ me { id } }', {}, { token: 'garbage' });
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('limits sign-ups per address', async () => {
    const address = someAddress();
    const signUp = (name: string, at = address) =>
      server.client.request(SignUp, { input: { email: `${name}-${randomUUID()}@example.com`, password: 'correct horse battery', fullName: name } }, from(at));
    for (let i = 0; i < 3; i++) expect((await signUp(`spam${i}`)).data?.signUp.__typename).toBe('AuthPayload');
    expect((await signUp('spam4')).data?.signUp).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect((await signUp('elsewhere', someAddress())).data?.signUp.__typename).toBe('AuthPayload');
  });
});

const redisMissing = databaseMissing || !(await isRedisReachable());

describe.skipIf(redisMissing)(`sign-in throttling shared through Redis (${testProvider})`, () => {
  it('counts failures on one instance against logins on another', async () => {
    const database = await createTestDatabase();
    const shared = { ...database, drop: async () => {} };
    const [a, b] = [await startTestServer({ ...throttled, REDIS_URL: testRedisUrl }, shared), await startTestServer({ ...throttled, REDIS_URL: testRedisUrl }, shared)];
    try {
      const user = await newUser(a, 'Shared');
      for (let i = 0; i < 5; i++) await logIn(i % 2 ? a : b, user.email, 'wrong password');
      expect((await logIn(b, user.email, 'correct horse battery')).__typename).toBe('RateLimitedError');
      expect((await logIn(a, user.email, 'correct horse battery')).__typename).toBe('RateLimitedError');
    } finally {
      await a.stop();
      await b.stop();
      await database.drop();
    }
  });
});
