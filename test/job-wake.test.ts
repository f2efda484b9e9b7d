import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery, prisma } from '../src/db/client.ts';
import { writeWithJobs } from '../src/jobs/write-with-jobs.ts';
import { taggingJob } from '../src/modules/tagging/auto-tagging.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A committed write wakes the workers of the queues it added jobs to, and only those: test servers
// poll once an hour (JOB_POLL_SECONDS), so a job that starts at all was started by its wake.

const completedTagging = async (server: TestServer) => (await server.app.jobs.stats()).find((queue) => queue.queue === taggingJob.name)!.counts.completed;

describe.skipIf(databaseMissing)(`waking the job workers after a write (${testProvider})`, () => {
  let server: TestServer;
  let businessId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await seedTenant(server.client, 'Waker');
    // Its row id (the API's ids are global node ids); the database is this suite's own.
    ({ id: businessId } = await prisma.business.findFirstOrThrow({ select: { id: true } }));
  });
  afterAll(() => server?.stop());

  it('starts a job added by a write at once, without waiting for a poll', async () => {
    const before = await completedTagging(server);
    // A content that does not exist: the job has nothing to tag and completes.
    await writeWithJobs(server.app, (tx) => server.app.jobs.enqueue(tx, taggingJob, { contentId: 'gone', actorId: null }));
    for (let waited = 0; (await completedTagging(server)) === before; waited += 50) {
      if (waited > 10_000) throw new Error('the job did not run');
      await sleep(50);
    }
  });

  // pg-boss looks at a delayed job at its worker's next poll (JOB_POLL_SECONDS); the SQLite runner
  // sets its timer for when the job falls due.
  it.skipIf(testProvider !== 'sqlite')('starts a job added for later when it falls due, without waiting for a poll', async () => {
    const before = await completedTagging(server);
    const runAt = new Date(Date.now() + 1_500);
    await writeWithJobs(server.app, (tx) => server.app.jobs.enqueue(tx, taggingJob, { contentId: 'gone-later', actorId: null }, { runAt }));
    await sleep(1_000);
    expect(await completedTagging(server)).toBe(before);
    for (let waited = 0; (await completedTagging(server)) === before; waited += 50) {
      if (waited > 10_000) throw new Error('the job did not run when due');
      await sleep(50);
    }
    expect(Date.now()).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it.skipIf(testProvider !== 'sqlite')('looks at no queue after a write that added no job', async () => {
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      await writeWithJobs(server.app, (tx) => tx.business.update({ where: { id: businessId }, data: { name: 'No job here' } }));
      await sleep(300);
    } finally {
      stop();
    }
    expect(statements.some((sql) => /\bJob\b/.test(sql))).toBe(false);
    expect(await prisma.business.findUniqueOrThrow({ where: { id: businessId }, select: { name: true } })).toEqual({ name: 'No job here' });
  });
});
