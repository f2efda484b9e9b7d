import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/prisma-schema.ts';
import { createTestDatabase, databaseMissing, testProvider } from './support/database.ts';
import { Dashboard, LogIn } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(databaseMissing)(`npm run seed (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    const database = await createTestDatabase();
    // Twice: re-running replaces the demo account instead of failing or duplicating it.
    for (let run = 0; run < 2; run++) {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: database.url },
      });
    }
    server = await startTestServer({}, database);
  }, 120_000);
  afterAll(() => server?.stop());

  it('fills a demo business with campaigns, contents and analytics', async () => {
    const { logIn } = await server.client.data(LogIn, { input: { email: 'demo@herald.local', password: 'herald-demo-password' } });
    if (logIn.__typename !== 'AuthPayload') throw new Error(JSON.stringify(logIn));
    const { businesses } = await server.client.data(Dashboard, { businesses: 10, campaigns: 10, contents: 10 }, { token: logIn.token });
    expect(businesses.totalCount).toBe(1);
    const campaigns = businesses.edges[0].node.campaigns;
    expect(campaigns.totalCount).toBe(2);
    const contents = campaigns.edges.flatMap((c) => c.node.contents.edges.map((e) => e.node));
    expect(contents).toHaveLength(8);
    expect(new Set(contents.map((c) => c.status))).toEqual(new Set(['DRAFT', 'REVIEW', 'APPROVED', 'PUBLISHED']));
    expect(contents.filter((c) => c.latestAnalytics).length).toBe(2);
  });
});
