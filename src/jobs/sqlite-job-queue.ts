import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { prisma } from '../db/client.ts';
import type { Job } from '../generated/prisma-postgresql/client.ts';
import type { Logger } from '../logger.ts';
import { createRunningJobs, failureMessage, type JobSettings, leaseMsOf } from './job-execution.ts';
import { type AnyJobDefinition, createEnqueueLedger, type JobQueue, type JobStateName, type QueueStats, type Transaction, retryDelayMs } from './job-queue.ts';
import { nextDue } from './schedule.ts';

// The key of the one waiting job that carries a recurring schedule.
const SCHEDULE_KEY = 'schedule';
// Finished jobs are kept this long, as pg-boss keeps them on PostgreSQL.
const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;
const CLEAN_UP_EVERY_MS = 3_600_000;

/**
 * Jobs in the `Job` table of the SQLite database, worked by this process: a job is claimed by a
 * compare-and-set on its state and attempt count, with a lease after which another worker (or
 * this one after a restart) takes it again.
 */
export function createSqliteJobQueue(definitions: readonly AnyJobDefinition[], settings: JobSettings, logger: Logger): JobQueue {
  const byName = new Map(definitions.map((job) => [job.name, job]));
  const running = createRunningJobs();
  const activeByQueue = new Map<string, number>(definitions.map((job) => [job.name, 0]));
  let app: AppContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  let cleanUpTimer: NodeJS.Timeout | undefined;
  let stopped = true;
  let polling: Promise<void> | undefined;
  let pollAgain = false;
  let wakeScheduled = false;
  const ledger = createEnqueueLedger();

  async function enqueueIn(tx: Transaction, job: AnyJobDefinition, payload: unknown, runAt: Date, key: string | null) {
    if (key !== null) {
      const waiting = await tx.job.findFirst({ where: { queue: job.name, key, state: 'QUEUED', attempts: 0 }, select: { id: true } });
      if (waiting) return null;
    }
    // The definition the queue was started with decides, as pg-boss's queue settings do.
    const { maxAttempts } = byName.get(job.name) ?? job;
    const { id } = await tx.job.create({
      data: { id: randomUUID(), queue: job.name, payload: payload as PrismaJson.ObjectJson, key, runAt, maxAttempts },
      select: { id: true },
    });
    return id;
  }

  /**
   * Claims due jobs (and ones whose lease expired) of every queue with room, oldest first, up to
   * each queue's room: one read however many queues there are. In a transaction: the SQLite
   * adapter runs one at a time on its one connection, so a job is never seen before the
   * transaction that enqueued it commits (plain reads on that connection would).
   */
  async function claimIn(tx: Transaction, room: Map<string, number>) {
    const claims: { job: AnyJobDefinition; claimed: Job }[] = [];
    const wanted = [...room.values()].reduce((sum, free) => sum + free, 0);
    const now = new Date();
    const candidates = await tx.job.findMany({
      where: { queue: { in: [...room.keys()] }, OR: [{ state: 'QUEUED', runAt: { lte: now } }, { state: 'RUNNING', lockedUntil: { lt: now } }] },
      orderBy: [{ runAt: 'asc' }, { createdAt: 'asc' }],
      take: wanted,
    });
    for (const candidate of candidates) {
      const job = byName.get(candidate.queue)!;
      const free = room.get(job.name) ?? 0;
      if (free === 0) continue;
      const unchanged = { id: candidate.id, state: candidate.state, attempts: candidate.attempts };
      if (candidate.state === 'RUNNING' && candidate.attempts >= candidate.maxAttempts) {
        const { count } = await tx.job.updateMany({ where: unchanged, data: { state: 'FAILED', finishedAt: now, lastError: 'Abandoned: its worker stopped during the last attempt' } });
        if (count) await scheduleNextRun(tx, job, now);
        continue;
      }
      const lockedUntil = new Date(now.getTime() + leaseMsOf(job, settings));
      const { count } = await tx.job.updateMany({ where: unchanged, data: { state: 'RUNNING', attempts: { increment: 1 }, lockedUntil } });
      if (!count) continue;
      room.set(job.name, free - 1);
      claims.push({ job, claimed: { ...candidate, state: 'RUNNING', attempts: candidate.attempts + 1, lockedUntil } });
    }
    return { claims, more: candidates.length === wanted };
  }

  /** A recurring job's next run, added as the current one ends. */
  async function scheduleNextRun(tx: Transaction, job: AnyJobDefinition, now: Date) {
    if (job.schedule) await enqueueIn(tx, job, {}, nextDue(job.schedule, now, { catchUp: false }), SCHEDULE_KEY);
  }

  async function work(job: AnyJobDefinition, claimed: Job) {
    const held = { id: claimed.id, state: 'RUNNING' as const, attempts: claimed.attempts };
    const lastAttempt = claimed.attempts >= claimed.maxAttempts;
    try {
      await running.execute(requireApp(), job, claimed.payload, { id: claimed.id, attempt: claimed.attempts, lastAttempt, leaseMs: leaseMsOf(job, settings) });
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.job.updateMany({ where: held, data: { state: 'COMPLETED', finishedAt: new Date(), lockedUntil: null } });
        if (count) await scheduleNextRun(tx, job, new Date());
      });
    } catch (error) {
      logger.warn({ err: error, job: job.name, jobId: claimed.id, attempt: claimed.attempts, lastAttempt }, 'job failed');
      const now = new Date();
      const lastError = failureMessage(error);
      await prisma.$transaction(async (tx) => {
        if (lastAttempt) {
          const { count } = await tx.job.updateMany({ where: held, data: { state: 'FAILED', finishedAt: now, lockedUntil: null, lastError } });
          if (count) await scheduleNextRun(tx, job, now);
        } else {
          const runAt = new Date(now.getTime() + retryDelayMs(job, claimed.attempts) * (1 + Math.random()));
          await tx.job.updateMany({ where: held, data: { state: 'QUEUED', runAt, lockedUntil: null, lastError } });
        }
      });
    }
  }

  /** Queues with room for another run in this process, and how much. */
  function roomByQueue(): Map<string, number> {
    const room = new Map<string, number>();
    for (const job of definitions) {
      const free = job.concurrency - (activeByQueue.get(job.name) ?? 0);
      if (free > 0) room.set(job.name, free);
    }
    return room;
  }

  async function poll() {
    for (;;) {
      const room = roomByQueue();
      if (stopped || room.size === 0) return;
      const { claims, more } = await prisma.$transaction((tx) => claimIn(tx, room));
      // stop() came while the look waited for the database: what it claimed is handed back, as it
      // was, rather than started after stop() let the runs it knew of finish.
      if (stopped) return release(claims);
      for (const { job, claimed } of claims) {
        activeByQueue.set(job.name, (activeByQueue.get(job.name) ?? 0) + 1);
        void work(job, claimed)
          .catch((error: unknown) => logger.error({ err: error, job: job.name, jobId: claimed.id }, 'could not record a job outcome'))
          .finally(() => {
            activeByQueue.set(job.name, (activeByQueue.get(job.name) ?? 1) - 1);
            wake();
          });
      }
      // A full read may have left due jobs of other queues out: look again.
      if (!more) return;
    }
  }

  /** Claims made by a look that ended after stop(): waiting again, with the attempt not counted. */
  async function release(claims: readonly { claimed: Job }[]) {
    if (!claims.length) return;
    await prisma.$transaction(async (tx) => {
      for (const { claimed } of claims) {
        await tx.job.updateMany({
          where: { id: claimed.id, state: 'RUNNING', attempts: claimed.attempts },
          data: { state: 'QUEUED', attempts: { decrement: 1 }, lockedUntil: null },
        });
      }
    });
  }

  /**
   * A look once what runs now is done. On SQLite every statement runs synchronously, so a job
   * started at once would take turns with what the committing request does next (delivering its
   * events to subscribers) and delay it by as long as the job runs.
   */
  function wakeSoon() {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      wake();
    });
  }

  function wake() {
    if (stopped) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    clearTimeout(timer);
    polling = poll()
      .then(nextWakeIn)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'could not look for due jobs');
        return settings.pollSeconds * 1000;
      })
      .then((delayMs) => {
        polling = undefined;
        if (pollAgain) {
          pollAgain = false;
          wake();
        } else if (!stopped) {
          timer = setTimeout(wake, delayMs);
          timer.unref();
        }
      });
  }

  /**
   * When to look again: when the next waiting job falls due or the next lease ends, and at the
   * latest after JOB_POLL_SECONDS (for jobs another process added). An idle queue runs no SQL.
   * Only queues with room count: the jobs waiting in a full one are looked for when one of its
   * runs ends (each end wakes), and counting them would have looked again at once, over and over,
   * for as long as any queue had more due jobs than its concurrency.
   */
  async function nextWakeIn(): Promise<number> {
    const withRoom = [...roomByQueue().keys()];
    if (stopped || !withRoom.length) return settings.pollSeconds * 1000;
    const queues = { in: withRoom };
    const [waiting, held] = await Promise.all([
      prisma.job.findFirst({ where: { queue: queues, state: 'QUEUED' }, orderBy: { runAt: 'asc' }, select: { runAt: true } }),
      prisma.job.findFirst({ where: { queue: queues, state: 'RUNNING' }, orderBy: { lockedUntil: 'asc' }, select: { lockedUntil: true } }),
    ]);
    const next = Math.min(waiting?.runAt.getTime() ?? Infinity, held?.lockedUntil?.getTime() ?? Infinity);
    return Math.max(0, Math.min(next - Date.now() + 5, settings.pollSeconds * 1000));
  }

  async function deleteOldFinishedJobs() {
    const { count } = await prisma.job.deleteMany({
      where: { state: { in: ['COMPLETED', 'FAILED', 'CANCELLED'] }, finishedAt: { lt: new Date(Date.now() - KEEP_FINISHED_MS) } },
    });
    if (count) logger.info({ deleted: count }, 'deleted finished jobs older than 7 days');
  }

  function requireApp(): AppContext {
    if (!app) throw new Error('The job queue has not started');
    return app;
  }

  return {
    enqueue(tx, job, payload, options = {}) {
      // Even a job due later: the look re-arms the timer for when it falls due.
      ledger.record(tx, job.name);
      return enqueueIn(tx, job as AnyJobDefinition, payload, options.runAt ?? new Date(), options.key ?? null);
    },
    async cancel(tx, job, key) {
      const { count } = await tx.job.updateMany({ where: { queue: job.name, key, state: 'QUEUED' }, data: { state: 'CANCELLED', finishedAt: new Date() } });
      return count;
    },
    async start(context) {
      app = context;
      const now = new Date();
      for (const job of definitions) {
        if (!job.schedule) continue;
        const due = nextDue(job.schedule, now, { catchUp: true });
        await prisma.$transaction(async (tx) => {
          // A changed schedule may make the waiting run due earlier.
          await tx.job.updateMany({ where: { queue: job.name, key: SCHEDULE_KEY, state: 'QUEUED', attempts: 0, runAt: { gt: due } }, data: { runAt: due } });
          await enqueueIn(tx, job, {}, due, SCHEDULE_KEY);
        });
      }
      stopped = false;
      const cleanUp = () => void deleteOldFinishedJobs().catch((error: unknown) => logger.warn({ err: error }, 'could not delete old jobs'));
      cleanUpTimer = setInterval(cleanUp, CLEAN_UP_EVERY_MS);
      cleanUpTimer.unref();
      cleanUp();
      wake();
    },
    wake: wakeSoon,
    wakeAfter(committed) {
      if (ledger.queuesOf(committed).size) wakeSoon();
    },
    async stop(deadlineMs) {
      const deadline = Date.now() + deadlineMs;
      stopped = true;
      clearTimeout(timer);
      clearInterval(cleanUpTimer);
      // A look under way ends first: whatever it started is among the runs waited for below.
      await polling;
      await running.stop(Math.max(0, deadline - Date.now()));
    },
    async stats() {
      const now = new Date();
      // One transaction, so one snapshot: a job claimed between two reads was neither due nor running.
      const [groups, oldest] = await prisma.$transaction([
        prisma.job.groupBy({ by: ['queue', 'state', 'attempts'], where: { queue: { in: [...byName.keys()] } }, _count: { _all: true } }),
        prisma.job.groupBy({ by: ['queue'], where: { queue: { in: [...byName.keys()] }, state: 'QUEUED', runAt: { lte: now } }, _min: { runAt: true }, _count: { _all: true } }),
      ]);
      return definitions.map((job): QueueStats => {
        const counts: Record<JobStateName, number> = { waiting: 0, running: 0, retrying: 0, completed: 0, failed: 0, cancelled: 0 };
        for (const group of groups.filter((g) => g.queue === job.name)) counts[stateName(group.state, group.attempts)] += group._count._all;
        const due = oldest.find((g) => g.queue === job.name);
        const since = due?._min.runAt;
        return { queue: job.name, counts, due: due?._count._all ?? 0, oldestDueSeconds: since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0 };
      });
    },
  };
}

function stateName(state: Job['state'], attempts: number): JobStateName {
  if (state === 'QUEUED') return attempts === 0 ? 'waiting' : 'retrying';
  return ({ RUNNING: 'running', COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled' } as const)[state];
}
