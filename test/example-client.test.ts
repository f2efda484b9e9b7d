import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../examples/client/herald-client.ts';
import { runExample } from '../examples/client/run.ts';
import { databaseMissing } from './support/database.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// examples/client run as an app would: against a server that accepts its operations only by the
// ids codegen gave them, over HTTP and WebSocket.

describe.skipIf(databaseMissing)('the example client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      PERSISTED_OPERATIONS_FILE: join(import.meta.dirname, '../examples/client/generated/persisted-documents.json'),
      PERSISTED_OPERATIONS_ONLY: 'true',
    });
  });
  afterAll(() => server?.stop());

  /** The server has one more subscription running than before the example subscribed. */
  const subscriptionStarted = (before: number) => async () => {
    for (let i = 0; i < 300 && server.app.events.activeSubscriptions() <= before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.app.events.activeSubscriptions()).toBeGreaterThan(before);
  };

  const run = (lines: string[], persisted = true) => {
    const before = server.app.events.activeSubscriptions();
    return runExample({
      url: server.url,
      email: 'example@herald.test',
      password: 'example-password',
      persisted,
      log: (line) => lines.push(line),
      subscriptionStarted: subscriptionStarted(before),
    });
  };

  it('signs up, reads the dashboard, hears its own move over WebSocket and handles a typed error', async () => {
    const lines: string[] = [];
    const result = await run(lines);
    expect(result.signedInWith).toBe('signUp');
    expect(lines).toEqual([
      'signed in with signUp as example@herald.test',
      'created a draft post',
      'dashboard: Example Bakery / Spring menu (DRAFT): Spring is here INSTAGRAM DRAFT',
      'event: Spring is here DRAFT -> REVIEW by example@herald.test',
      'refused: INVALID_TRANSITION REVIEW -> PUBLISHED; allowed: APPROVED, DRAFT, ARCHIVED',
    ]);
    const business = result.dashboard.businesses.edges[0].node;
    const content = business.campaigns.edges[0].node.contents.edges[0].node;
    expect(result.event).toMatchObject({ previousStatus: 'DRAFT', status: 'REVIEW', actor: { id: result.userId }, content: { id: content.id, status: 'REVIEW' } });
    expect(result.refusedMove).toEqual({ typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', message: expect.any(String), allowed: ['APPROVED', 'DRAFT', 'ARCHIVED'] });
  });

  it('logs in when the account exists (signUp answers CONFLICT), and works on what is there', async () => {
    const lines: string[] = [];
    const result = await run(lines);
    expect(result.signedInWith).toBe('logIn');
    expect(lines[0]).toBe('signed in with logIn as example@herald.test');
    expect(lines).toContain('dashboard: Example Bakery / Spring menu (DRAFT): Spring is here INSTAGRAM REVIEW, Spring is here INSTAGRAM DRAFT');
    expect(result.dashboard.businesses.totalCount).toBe(1);
  });

  it('is refused with PERSISTED_QUERY_REQUIRED when it sends its documents in full', async () => {
    const refused = await run([], false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RequestError);
    expect(refused).toMatchObject({ code: 'PERSISTED_QUERY_REQUIRED' });
  });
});
