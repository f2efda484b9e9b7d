import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { onQuery, prisma } from '../src/db/client.ts';
import { createJobQueue } from '../src/jobs/create-job-queue.ts';
import type { JobDefinition, JobQueue, JobRun } from '../src/jobs/job-queue.ts';
import { createLogger } from '../src/logger.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// One contract, both engines: pg-boss on PostgreSQL, the jobs table on SQLite.

interface Recorded {
  queue: string;
  tag: string;
  attempt: number;
  lastAttempt: boolean;
  at: number;
  aborted?: boolean;
}

const runs: Recorded[] = [];
const runsOf = (tag: string) => runs.filter((run) => run.tag === tag);
const payload = z.object({ tag: z.string(), failTimes: z.number().default(0), ms: z.number().default(0) });
type Payload = z.infer<typeof payload>;

/** A queue whose handler records each run, fails its first `failTimes` attempts and takes `ms` on its first. */
function recordingJob(name: string, overrides: Partial<JobDefinition<Payload>> = {}): JobDefinition<Payload> {
  return {
    name,
    payload,
    maxAttempts: 3,
    retryDelaySeconds: 1,
    concurrency: 4,
    async run(_app, { tag, failTimes, ms }, run: JobRun) {
      const record: Recorded = { queue: name, tag, attempt: run.attempt, lastAttempt: run.lastAttempt, at: Date.now() };
      runs.push(record);
      if (ms && run.attempt === 1) await sleep(ms, undefined, { signal: run.signal }).catch(() => (record.aborted = true));
      run.signal.throwIfAborted();
      if (run.attempt <= failTimes) throw new Error(`planned failure ${run.attempt}`);
    },
    ...overrides,
  };
}

const basic = recordingJob('contract-basic');
const givesUp = recordingJob('contract-gives-up', { maxAttempts: 2 });
const stuck: JobDefinition<Payload> = {
  ...recordingJob('contract-stuck'),
  // The first run ignores its abort and never returns, like a worker that hangs; the lease frees the job.
  async run(_app, { tag }, run) {
    runs.push({ queue: 'contract-stuck', tag, attempt: run.attempt, lastAttempt: run.lastAttempt, at: Date.now() });
    if (run.attempt === 1) await new Promise(() => {});
  },
};
const recurring = recordingJob('contract-recurring', { schedule: '* * * * *', payload: payload.extend({ tag: z.string().default('recurring') }) });
// Worked only by the instances of the stop test.
const stopped = recordingJob('contract-stop');
// Worked only by the instances of the tests below that start their own.
const stopWhileClaiming = recordingJob('contract-stop-claiming');
const abandoned = { ...stuck, name: 'contract-abandoned', maxAttempts: 1 };
const crowded = recordingJob('contract-crowded', { concurrency: 1 });

/** Runs of each queue at once, highest seen, for queues whose handler goes through `tracked`. */
const active = new Map<string, number>();
const mostActive = new Map<string, number>();
function tracked(name: string, concurrency: number): JobDefinition<Payload> {
  return recordingJob(name, {
    concurrency,
    async run(_app, { tag, ms }, run) {
      active.set(name, (active.get(name) ?? 0) + 1);
      mostActive.set(name, Math.max(mostActive.get(name) ?? 0, active.get(name)!));
      runs.push({ queue: name, tag, attempt: run.attempt, lastAttempt: run.lastAttempt, at: Date.now() });
      try {
        await sleep(ms);
      } finally {
        active.set(name, active.get(name)! - 1);
      }
    },
  });
}
const flood = tracked('contract-flood', 2);
const trickle = tracked('contract-trickle', 1);
const idleAlongside = tracked('contract-idle', 3);
const definitions = [basic, givesUp, stuck, recurring];

const LEASE_SECONDS = 5;

async function until<T>(probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<Exclude<T, null | false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | false | undefined>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe.skipIf(databaseMissing)(`job queue contract (${testProvider})`, () => {
  let server: TestServer;
  let queue: JobQueue;
  const extraQueues: JobQueue[] = [];

  async function startQueue(defs = definitions, { pollSeconds = 0.5 } = {}): Promise<JobQueue> {
    const config = loadConfig({ DATABASE_URL: server.databaseUrl, JOB_LEASE_SECONDS: String(LEASE_SECONDS), JOB_POLL_SECONDS: String(pollSeconds) });
    const started = await createJobQueue(config, createLogger('silent'), defs);
    await started.start(server.app);
    return started;
  }

  const enqueue = (job: JobDefinition<Payload>, data: Partial<Payload> & { tag: string }, options?: { runAt?: Date; key?: string }, on = queue) =>
    prisma.$transaction((tx) => on.enqueue(tx, job, { failTimes: 0, ms: 0, ...data }, options));

  const statsOf = async (job: JobDefinition<Payload>, on = queue) => (await on.stats()).find((s) => s.queue === job.name)!;

  let queueStartedAt = 0;

  beforeAll(async () => {
    server = await startTestServer();
    queueStartedAt = Date.now();
    queue = await startQueue();
  });
  afterAll(async () => {
    for (const extra of extraQueues) await extra.stop(1_000);
    await queue?.stop(1_000);
    await server?.stop();
  });

  it('runs a job once with its payload, and only after the transaction that enqueued it commits', async () => {
    let committed = false;
    const id = await prisma.$transaction(async (tx) => {
      const jobId = await queue.enqueue(tx, basic, { tag: 'once', failTimes: 0, ms: 0 });
      queue.wake();
      await sleep(1_500);
      expect(runsOf('once')).toHaveLength(0);
      committed = true;
      return jobId;
    });
    expect(id).toEqual(expect.any(String));
    queue.wake();
    await until(() => runsOf('once').length === 1);
    expect(committed).toBe(true);
    await sleep(1_000);
    expect(runsOf('once')).toMatchObject([{ attempt: 1, lastAttempt: false }]);
  });

  it('leaves no job behind a transaction that rolls back', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await queue.enqueue(tx, basic, { tag: 'rolled-back', failTimes: 0, ms: 0 });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    queue.wake();
    await sleep(1_500);
    expect(runsOf('rolled-back')).toHaveLength(0);
  });

  it('waits for runAt', async () => {
    const runAt = new Date(Date.now() + 2_000);
    await enqueue(basic, { tag: 'later' }, { runAt });
    queue.wake();
    await sleep(1_000);
    expect(runsOf('later')).toHaveLength(0);
    await until(() => runsOf('later').length === 1);
    expect(runsOf('later')[0]!.at).toBeGreaterThanOrEqual(runAt.getTime() - 50);
  });

  it('adds one waiting job per key, and accepts the key again once that job ran', async () => {
    const runAt = new Date(Date.now() + 1_000);
    const first = await enqueue(basic, { tag: 'keyed' }, { runAt, key: 'k1' });
    const second = await enqueue(basic, { tag: 'keyed' }, { runAt, key: 'k1' });
    const otherKey = await enqueue(basic, { tag: 'keyed-other' }, { runAt, key: 'k2' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(otherKey).toEqual(expect.any(String));
    await until(() => runsOf('keyed').length === 1 && runsOf('keyed-other').length === 1);
    await sleep(1_000);
    expect(runsOf('keyed')).toHaveLength(1);
    expect(await enqueue(basic, { tag: 'keyed-again' }, { key: 'k1' })).toEqual(expect.any(String));
    queue.wake();
    await until(() => runsOf('keyed-again').length === 1);
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    await enqueue(basic, { tag: 'flaky', failTimes: 2 });
    queue.wake();
    const attempts = await until(() => (runsOf('flaky').length === 3 ? runsOf('flaky') : null), 20_000);
    expect(attempts.map((run) => [run.attempt, run.lastAttempt])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const [a, b, c] = attempts.map((run) => run.at);
    // Between delay and twice the delay, doubling: 1–2 s, then 2–4 s.
    expect(b! - a!).toBeGreaterThanOrEqual(900);
    expect(c! - b!).toBeGreaterThanOrEqual(1_900);
    await sleep(500);
    expect((await statsOf(basic)).counts.failed).toBe(0);
  });

  it('gives up after the last attempt and keeps the job as failed', async () => {
    await enqueue(givesUp, { tag: 'hopeless', failTimes: 99 });
    queue.wake();
    await until(async () => (await statsOf(givesUp)).counts.failed === 1, 20_000);
    expect(runsOf('hopeless').map((run) => [run.attempt, run.lastAttempt])).toEqual([
      [1, false],
      [2, true],
    ]);
    await sleep(3_000);
    expect(runsOf('hopeless')).toHaveLength(2);
  });

  it('cancels a waiting job by its key', async () => {
    await enqueue(basic, { tag: 'cancelled' }, { runAt: new Date(Date.now() + 1_500), key: 'to-cancel' });
    const cancelled = await prisma.$transaction((tx) => queue.cancel(tx, basic, 'to-cancel'));
    expect(cancelled).toBe(1);
    await sleep(2_500);
    expect(runsOf('cancelled')).toHaveLength(0);
    expect((await statsOf(basic)).counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(await prisma.$transaction((tx) => queue.cancel(tx, basic, 'to-cancel'))).toBe(0);
  });

  it('runs a job again once the run that holds it outlives its lease', async () => {
    await enqueue(stuck, { tag: 'stuck' });
    queue.wake();
    const [first, second] = await until(() => (runsOf('stuck').length === 2 ? runsOf('stuck') : null), 30_000);
    expect([first!.attempt, second!.attempt]).toEqual([1, 2]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000 - 2_500);
  });

  it('runs a recurring job when its schedule comes round', async () => {
    // '* * * * *' has an occurrence less than a minute old at any time: it ran promptly at start,
    // then once per minute that began since.
    await until(() => runsOf('recurring').length >= 1, 20_000);
    await sleep(2_000);
    const minutesBegun = Math.floor(Date.now() / 60_000) - Math.floor(queueStartedAt / 60_000);
    expect(runsOf('recurring').length).toBeLessThanOrEqual(minutesBegun + 1);
  });

  it('shares a queue between instances: each job runs exactly once', async () => {
    const second = await startQueue([basic]);
    extraQueues.push(second);
    const tags = Array.from({ length: 40 }, (_, i) => `shared-${i}`);
    await prisma.$transaction(async (tx) => {
      for (const tag of tags) await queue.enqueue(tx, basic, { tag, failTimes: 0, ms: 20 });
    });
    queue.wake();
    second.wake();
    await until(() => tags.every((tag) => runsOf(tag).length >= 1), 20_000);
    await sleep(1_000);
    expect(tags.filter((tag) => runsOf(tag).length !== 1)).toEqual([]);
  });

  it('counts a job as due or running at every moment until it is done, as it is claimed too', async () => {
    // Readings taken as fast as they come while jobs are claimed: one that saw a job neither due
    // nor running (read across two snapshots) would let jobsIdle and the metrics call it idle.
    for (let round = 0; round < 15; round++) {
      const tag = `claimed-${round}`;
      await enqueue(basic, { tag, ms: 30 });
      queue.wake();
      const doneBefore = (await statsOf(basic)).counts.completed;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const stats = await statsOf(basic);
        if (stats.counts.completed > doneBefore) break;
        expect(stats.due + stats.counts.running + stats.counts.retrying, JSON.stringify(stats)).toBeGreaterThan(0);
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(2);
      }
      expect(runsOf(tag)).toHaveLength(1);
    }
  });

  it('defines the same new queues from instances that start together', async () => {
    // Each start creates queues the database does not have yet, as instances deployed at once do.
    const fresh = Array.from({ length: 6 }, (_, i) => recordingJob(`contract-together-${Date.now()}-${i}`, { schedule: '0 3 * * *' }));
    const starting = await Promise.allSettled(Array.from({ length: 4 }, () => startQueue(fresh)));
    for (const result of starting) if (result.status === 'fulfilled') extraQueues.push(result.value);
    expect(starting.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    const stats = await starting.find((result) => result.status === 'fulfilled')!.value.stats();
    expect(fresh.filter((job) => !stats.some((s) => s.queue === job.name))).toEqual([]);
  });

  it('lets running jobs finish on stop, and leaves the ones that outlast the deadline to be retried', async () => {
    const stopping = await startQueue([stopped]);
    await prisma.$transaction(async (tx) => {
      await stopping.enqueue(tx, stopped, { tag: 'quick-on-stop', failTimes: 0, ms: 300 });
      await stopping.enqueue(tx, stopped, { tag: 'slow-on-stop', failTimes: 0, ms: 60_000 });
    });
    stopping.wake();
    await until(() => runsOf('quick-on-stop').length === 1 && runsOf('slow-on-stop').length === 1);
    await stopping.stop(2_000);
    expect(runsOf('slow-on-stop')[0]!.aborted).toBe(true);
    // The aborted run is retried by the next instance that works the queue.
    const resumed = await startQueue([stopped]);
    extraQueues.push(resumed);
    await until(() => runsOf('slow-on-stop').length === 2, 20_000);
    expect(runsOf('slow-on-stop')[1]!.attempt).toBe(2);
    expect(runsOf('quick-on-stop')).toHaveLength(1);
  });

  it('starts no run once stop() resolved, even of a job its last look was claiming, and leaves that job to the next instance', async () => {
    const stopping = await startQueue([stopWhileClaiming]);
    // A transaction holds the database (on SQLite its one connection), so the look the wake
    // starts is still waiting for it when stop() is called.
    let release!: () => void;
    const holding = prisma.$transaction(async (tx) => {
      await stopping.enqueue(tx, stopWhileClaiming, { tag: 'claimed-on-stop', failTimes: 0, ms: 300 });
      await new Promise<void>((resolve) => (release = resolve));
    });
    await sleep(50);
    stopping.wake();
    await sleep(50);
    const stoppingDone = stopping.stop(2_000);
    await sleep(50);
    release();
    await holding;
    await stoppingDone;
    const stoppedAt = Date.now();
    await sleep(1_000);
    expect(runsOf('claimed-on-stop').filter((run) => run.at >= stoppedAt)).toEqual([]);
    if (runsOf('claimed-on-stop').length === 0) {
      // Not run, and not charged an attempt: the next instance runs it as its first.
      const resumed = await startQueue([stopWhileClaiming]);
      extraQueues.push(resumed);
      resumed.wake();
      await until(() => runsOf('claimed-on-stop').length === 1, 20_000);
    }
    expect(runsOf('claimed-on-stop')).toMatchObject([{ attempt: 1 }]);
  });

  it('fails a job whose worker hangs through its last attempt once its lease ends, without a poll to find it', async () => {
    const waking = await startQueue([abandoned], { pollSeconds: 3_600 });
    extraQueues.push(waking);
    await enqueue(abandoned, { tag: 'abandoned' }, undefined, waking);
    waking.wake();
    await until(async () => (await statsOf(abandoned, waking)).counts.failed === 1, 30_000);
    expect(runsOf('abandoned')).toMatchObject([{ attempt: 1, lastAttempt: true }]);
    await sleep(1_000);
    expect(runsOf('abandoned')).toHaveLength(1);
  });

  it('keeps each queue to its concurrency, and a queue with a backlog of older jobs does not hold up another queue', async () => {
    const working = await startQueue([flood, trickle, idleAlongside], { pollSeconds: 3_600 });
    extraQueues.push(working);
    const old = new Date(Date.now() - 60_000);
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await working.enqueue(tx, flood, { tag: `flood-${i}`, failTimes: 0, ms: 40 }, { runAt: old });
      for (let i = 0; i < 3; i++) await working.enqueue(tx, trickle, { tag: `trickle-${i}`, failTimes: 0, ms: 40 });
    });
    working.wake();
    await until(() => runs.filter((run) => run.queue === flood.name).length === 30 && runs.filter((run) => run.queue === trickle.name).length === 3, 20_000);
    expect(Object.fromEntries(mostActive)).toEqual({ [flood.name]: 2, [trickle.name]: 1 });
    // Thirty flood jobs take 15 rounds of two; the trickle starts alongside the first ones (some
    // slack for a slow machine), not after the backlog.
    const firstTrickle = runs.find((run) => run.queue === trickle.name)!.at;
    const floodBefore = runs.filter((run) => run.queue === flood.name && run.at < firstTrickle).length;
    expect(floodBefore).toBeLessThanOrEqual(10);
  });

  it.skipIf(testProvider !== 'sqlite')('does not look at the table over and over while a queue at its concurrency has jobs waiting', async () => {
    const jobStatementsIn = async (ms: number) => {
      const statements: string[] = [];
      const stopListening = onQuery((sql) => statements.push(sql));
      try {
        await sleep(ms);
      } finally {
        stopListening();
      }
      return statements.filter((sql) => /\bJob\b/.test(sql)).length;
    };
    const busy = await startQueue([crowded], { pollSeconds: 3_600 });
    extraQueues.push(busy);
    // The instances the tests above started poll twice a second.
    const others = await jobStatementsIn(1_000);
    await prisma.$transaction(async (tx) => {
      await busy.enqueue(tx, crowded, { tag: 'crowded-slow', failTimes: 0, ms: 2_000 });
      await busy.enqueue(tx, crowded, { tag: 'crowded-next', failTimes: 0, ms: 0 });
    });
    busy.wake();
    await until(() => runsOf('crowded-slow').length === 1);
    const whileFull = await jobStatementsIn(1_000);
    expect(runsOf('crowded-next')).toHaveLength(0);
    // The waiting job needs no look until the slow run ends (looking again at once ran over a
    // thousand statements a second).
    expect(whileFull).toBeLessThan(others + 40);
    // Its end frees the queue's one slot, and that starts the next job without a poll.
    await until(() => runsOf('crowded-next').length === 1, 5_000);
  });
});
