import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A driver error logged as is would carry the whole connection object it hangs on (pg's
// `error.client`: its state, buffers, parameters), kilobytes per line, repeated while a database
// fails over. Lines keep the error itself.

describe.skipIf(databaseMissing || testProvider !== 'postgresql')('log lines of driver errors (postgresql)', () => {
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'error' }, undefined, { logLines });
  });
  afterAll(() => server?.stop());

  it("logs a dropped job-queue connection without the connection's internals", async () => {
    // The job queue's pool may still be connecting on a busy machine: its connections must exist to be dropped.
    const jobConnections = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'herald-jobs'`;
    const connected = Date.now() + 10_000;
    while (Number((await prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count ${jobConnections}`))[0].count) === 0 && Date.now() < connected) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await prisma.$queryRawUnsafe(`SELECT pg_terminate_backend(pid) ${jobConnections}`);
    const deadline = Date.now() + 10_000;
    while (!logLines.some((line) => line.includes('terminating connection')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const dropped = logLines.filter((line) => line.includes('terminating connection'));
    expect(dropped.length).toBeGreaterThan(0);
    for (const line of dropped) {
      const { err } = JSON.parse(line);
      expect(err).toMatchObject({ message: 'terminating connection due to administrator command', code: '57P01' });
      expect(line).not.toContain('connectionParameters');
      expect(line.length).toBeLessThan(2_000);
    }
  });
});
