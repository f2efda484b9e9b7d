import pg from 'pg';
import PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';
import { settleWithin } from '../deadline.ts';
import type { Logger } from '../logger.ts';
import { createRunningJobs, failureMessage, type JobSettings, leaseMsOf } from './job-execution.ts';
import { type AnyJobDefinition, createEnqueueLedger, type JobQueue, type JobStateName, type QueueStats, type Transaction } from './job-queue.ts';

// pg-boss keeps its tables in this schema of the application's database.
export const PG_BOSS_SCHEMA = 'pgboss';

/** pg-boss's statements run on the caller's Prisma transaction, so a job commits with the write that caused it. */
const inTransaction = (tx: Transaction): PgBoss.Db => ({
  executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value) => value ?? null)) }),
});

/** Whether a job of this queue and key waits for its first run; serialised per key until the transaction ends. */
async function waitingWithKey(tx: Transaction, queue: string, key: string): Promise<boolean> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', `${PG_BOSS_SCHEMA}:${queue}:${key}`);
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM ${PG_BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state = 'created' LIMIT 1`,
    queue,
    key,
  );
  return rows.length > 0;
}

const stateNames: Record<string, JobStateName> = { created: 'waiting', retry: 'retrying', active: 'running', completed: 'completed', failed: 'failed', cancelled: 'cancelled' };

/**
 * Jobs on PostgreSQL with pg-boss: SKIP LOCKED fetching, so several instances share the queues;
 * an expiry per job (the lease) after which its maintenance fails an abandoned run into a retry;
 * cron schedules sent once per occurrence however many instances run.
 */
export function createPgBossJobQueue(databaseUrl: string, definitions: readonly AnyJobDefinition[], settings: JobSettings, logger: Logger): JobQueue {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: PG_BOSS_SCHEMA,
    application_name: 'herald-jobs',
    // A connection for each queue's fetching loop, the cron loop, maintenance and a spare.
    max: definitions.length + 3,
    // Abandoned runs are found by the maintenance pass, so it runs well within the shortest lease.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(settings.leaseSeconds / 2))),
    // Completed and failed jobs stay visible for a week.
    deleteAfterDays: 7,
    // Off: this instance sends no cron occurrence, even of schedules other instances registered.
    schedule: settings.schedules,
    // pg-boss sends an occurrence only while it is less than a minute old, from a check debounced
    // across instances by this interval; a check a few ms early is skipped, so at its default of
    // 30 s one instance could go a minute without a check and miss a daily job's occurrence.
    cronMonitorIntervalSeconds: 15,
  });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  const running = createRunningJobs();
  const workerIds = new Map<string, string>();
  const ledger = createEnqueueLedger();
  let stopped = false;

  async function defineQueue(job: AnyJobDefinition) {
    const options = {
      name: job.name,
      // Not 'short': it de-duplicates jobs without a key too (they all share the empty key).
      policy: 'standard' as const,
      retryLimit: job.maxAttempts - 1,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: Math.ceil(leaseMsOf(job, settings) / 1000),
    };
    if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, options);
    else await boss.createQueue(job.name, options);
  }

  /**
   * Instances deployed together would create the same new queues at once, and pg-boss's
   * create_queue can then fail in one of them (its partition DDL deadlocks with another's), which
   * left a queue missing for the schedule that follows: one instance defines at a time.
   */
  async function defineQueues() {
    const holder = new pg.Client({ connectionString: databaseUrl, application_name: 'herald-jobs' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`${PG_BOSS_SCHEMA}:define-queues`]);
      for (const job of definitions) {
        await defineQueue(job);
        if (job.schedule) await boss.schedule(job.name, job.schedule, {}, { tz: 'UTC' });
      }
    } finally {
      // Ending the session releases its lock too.
      await holder.end();
    }
  }

  async function runOne(app: AppContext, job: AnyJobDefinition, claimed: PgBoss.JobWithMetadata) {
    const lastAttempt = claimed.retryCount >= claimed.retryLimit;
    const run = { id: claimed.id, attempt: claimed.retryCount + 1, lastAttempt, leaseMs: leaseMsOf(job, settings) };
    // Settling can fail when the database is away: the job then expires and is retried.
    const settle = (work: Promise<unknown>) => work.catch((error: unknown) => logger.error({ err: error, job: job.name, jobId: claimed.id }, 'could not record a job outcome'));
    try {
      await running.execute(app, job, claimed.data, run);
      await settle(boss.complete(job.name, claimed.id));
    } catch (error) {
      logger.warn({ err: error, job: job.name, jobId: claimed.id, attempt: run.attempt, lastAttempt }, 'job failed');
      await settle(boss.fail(job.name, claimed.id, { message: failureMessage(error) }));
    }
  }

  /**
   * One worker per queue, fetching up to `concurrency` jobs at a time and settling each on its own
   * (pg-boss would settle a batch as one). One fetching loop per queue also keeps the pool small:
   * a loop left waiting for a connection when the pool closes would never stop.
   */
  async function startWorker(app: AppContext, job: AnyJobDefinition) {
    let workerId: string | undefined;
    const handler = async (claimed: PgBoss.JobWithMetadata[]) => {
      await Promise.all(claimed.map((one) => runOne(app, job, one)));
      // A pg-boss worker sleeps a whole poll interval after a batch unless notified: look again
      // at once, so due jobs run back to back (it sleeps when a look finds none).
      if (claimed.length && workerId && !stopped) boss.notifyWorker(workerId);
    };
    workerId = await boss.work(job.name, { batchSize: job.concurrency, includeMetadata: true, pollingIntervalSeconds: settings.pollSeconds }, handler);
    workerIds.set(job.name, workerId);
  }

  return {
    async enqueue(tx, job, payload, options = {}) {
      ledger.record(tx, job.name);
      if (options.key !== undefined && (await waitingWithKey(tx, job.name, options.key))) return null;
      // Without a runAt the database's clock decides (a host clock ahead would make the job wait).
      return boss.send(job.name, payload as object, { ...(options.runAt ? { startAfter: options.runAt } : {}), singletonKey: options.key, db: inTransaction(tx) });
    },
    async cancel(tx, job, key) {
      return tx.$executeRawUnsafe(
        `UPDATE ${PG_BOSS_SCHEMA}.job SET state = 'cancelled', completed_on = now() WHERE name = $1 AND singleton_key = $2 AND state < 'active'`,
        job.name,
        key,
      );
    },
    async start(app) {
      await boss.start();
      await defineQueues();
      for (const job of definitions) await startWorker(app, job);
    },
    wake() {
      if (!stopped) for (const id of workerIds.values()) boss.notifyWorker(id);
    },
    wakeAfter(committed) {
      if (stopped) return;
      for (const queue of ledger.queuesOf(committed)) {
        const id = workerIds.get(queue);
        if (id) boss.notifyWorker(id);
      }
    },
    async stop(deadlineMs) {
      stopped = true;
      const deadline = Date.now() + deadlineMs;
      // pg-boss stops fetching at once; the runs it still holds are left to finish, then aborted.
      const stopping = boss.stop({ graceful: true, wait: true, timeout: Math.max(1_000, deadlineMs - 500) });
      await running.stop(deadlineMs);
      await settleWithin(stopping, deadline - Date.now());
    },
    async stats() {
      const names = definitions.map((job) => job.name);
      // One statement, so one snapshot: with two, a job claimed between them was neither due nor running.
      const { rows } = await boss.getDb().executeSql(
        `SELECT name, state, count(*)::int AS count,
           (count(*) FILTER (WHERE state < 'active' AND start_after <= now()))::int AS due,
           extract(epoch FROM now() - min(start_after) FILTER (WHERE state < 'active' AND start_after <= now()))::float AS seconds
         FROM ${PG_BOSS_SCHEMA}.job WHERE name = ANY($1) GROUP BY name, state`,
        [names],
      );
      return names.map((queue): QueueStats => {
        const byState: Record<JobStateName, number> = { waiting: 0, running: 0, retrying: 0, completed: 0, failed: 0, cancelled: 0 };
        let due = 0;
        let seconds = 0;
        for (const row of rows as { name: string; state: string; count: number; due: number; seconds: number | null }[]) {
          if (row.name !== queue) continue;
          byState[stateNames[row.state] ?? 'waiting'] += row.count;
          due += row.due;
          seconds = Math.max(seconds, row.seconds ?? 0);
        }
        return { queue, counts: byState, due, oldestDueSeconds: seconds };
      });
    },
  };
}
