import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { prisma } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { buildApp } from '../src/server.ts';
import { graphql } from './generated/gql.ts';
import { createTestDatabase, databaseMissing, testProvider } from './support/database.ts';
import { seedTenant, signUpUser } from './support/fixtures.ts';
import { Me } from './support/operations.ts';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';

const OnCampaign = graphql(`
  subscription SessionCampaigns($businessId: ID!) {
    campaignUpdated(businessId: $businessId) { eventId change }
  }
`);

const key = new TextEncoder().encode(TEST_JWT_SECRET);
/** The database id a token was issued for. */
const userIdOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;

describe.skipIf(databaseMissing)(`sessions (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    // Short tokens and frequent checks, so ended sessions show within the test.
    server = await startTestServer({ JWT_EXPIRES_IN: '3s', SUBSCRIPTION_AUTH_CHECK_SECONDS: '1' });
  });
  afterAll(() => server?.stop());

  it('refuses a correctly signed token without an expiry', async () => {
    const user = await signUpUser(server.client, 'Forever');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userIdOf(user.token)).setIssuer('herald').setIssuedAt().sign(key);
    const result = await server.client.request(Me, {}, { token });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.status).toBe(401);
  });

  it('ends an open subscription with UNAUTHENTICATED when its token expires', async () => {
    const tenant = await seedTenant(server.client, 'Expiring');
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const subscription = ws.subscribe(OnCampaign, { businessId: tenant.business.id });
      const errors = await subscription.errors;
      expect(errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(errors[0].message).toMatch(/session has ended/);
      // Later operations on the socket are refused too: the socket closes with 4403.
      ws.subscribe(OnCampaign, { businessId: tenant.business.id });
      expect((await ws.closed).code).toBe(4403);
    } finally {
      await ws.dispose();
    }
  });

  it('ends an open subscription when its user is deactivated', async () => {
    const tenant = await seedTenant(server.client, 'Deactivated');
    // A token good for an hour, so only the deactivation can end the subscription.
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userIdOf(tenant.user.token)).setIssuer('herald').setIssuedAt().setExpirationTime('1h').sign(key);
    const ws = connectWs(server.url, token);
    try {
      const subscription = ws.subscribe(OnCampaign, { businessId: tenant.business.id });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await prisma.user.update({ where: { id: userIdOf(tenant.user.token) }, data: { isActive: false } });
      const errors = await subscription.errors;
      expect(errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await subscription.completed;
    } finally {
      await ws.dispose();
    }
  });

  it('ends a Server-Sent Events subscription the same way', async () => {
    const tenant = await seedTenant(server.client, 'SseExpiring');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tenant.user.token}` },
      body: JSON.stringify({ query: 'subscription($id: ID!) { campaignUpdated(businessId: $id) { change } }', variables: { id: tenant.business.id } }),
    });
    const text = await response.text(); // the stream ends by itself
    expect(text).toMatch(/UNAUTHENTICATED/);
    expect(text).toMatch(/event: complete/);
  });
});

describe.skipIf(databaseMissing)(`the signing secret (${testProvider})`, () => {
  const environment = (databaseUrl: string) => ({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });

  async function keptBesideTheSqliteData() {
    const dir = mkdtempSync(join(tmpdir(), 'herald-secret-'));
    const databaseUrl = `file:${join(dir, 'data', 'herald.db')}`;
    try {
      const first = await buildApp(loadConfig(environment(databaseUrl)), createLogger('silent'));
      const { url } = await first.start();
      const signUp = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { signUp(input: { email: "keep@example.com", password: "correct horse battery", fullName: "K" }) { ... on AuthPayload { token } } }' }),
      }).then((r) => r.json() as Promise<{ data: { signUp: { token: string } } }>);
      await first.stop();
      const secretFile = join(dir, 'data', 'jwt-secret');
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(secretFile, 'utf8').length).toBeGreaterThanOrEqual(32);

      const second = await buildApp(loadConfig(environment(databaseUrl)), createLogger('silent'));
      const restarted = await second.start();
      const me = await fetch(restarted.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signUp.data.signUp.token}` },
        body: JSON.stringify({ query: '{ me { email } }' }),
      }).then((r) => r.json());
      expect(me).toEqual({ data: { me: { email: 'keep@example.com' } } });
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function refusedWhenWeakOnSqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'herald-weak-secret-'));
    try {
      const secretFile = join(dir, 'jwt-secret');
      writeFileSync(secretFile, 'abc', { mode: 0o644 });
      await expect(buildApp(loadConfig(environment(`file:${join(dir, 'herald.db')}`)), createLogger('silent'))).rejects.toThrow(/at least 32 characters/);
      writeFileSync(secretFile, 'x'.repeat(40), { mode: 0o644 });
      const app = await buildApp(loadConfig(environment(`file:${join(dir, 'herald.db')}`)), createLogger('silent'));
      await app.stop();
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'herald.db')).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function requiredOnPostgres() {
    const database = await createTestDatabase();
    try {
      await expect(buildApp(loadConfig(environment(database.url)), createLogger('silent'))).rejects.toThrow(/JWT_SECRET is required/);
    } finally {
      await database.drop();
    }
  }

  // SQLite: created once beside the data, readable by its owner only, kept across restarts.
  // PostgreSQL (several instances must share it): the server refuses to start without it.
  it('is made and kept beside the SQLite data, or required on PostgreSQL', () => (testProvider === 'sqlite' ? keptBesideTheSqliteData() : requiredOnPostgres()));

  // SQLite: an existing file that is too short is refused, one others can read is made private.
  it('is as strong as JWT_SECRET must be, whatever its source', async () => {
    await (testProvider === 'sqlite' ? refusedWhenWeakOnSqlite() : expect(() => loadConfig({ ...environment('file:x.db'), JWT_SECRET: 'short' })).toThrow(/at least 32/));
  });

  it('refuses a token lifetime it cannot read, at start', () => {
    expect(() => loadConfig({ ...environment('file:x.db'), JWT_EXPIRES_IN: 'forever' })).toThrow(/JWT_EXPIRES_IN/);
    expect(loadConfig({ ...environment('file:x.db'), JWT_EXPIRES_IN: '90m' }).JWT_EXPIRES_IN).toBe('90m');
  });

});
