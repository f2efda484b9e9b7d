import type { AppContext } from '../context.ts';
import { prisma } from '../db/client.ts';
import { retryingConflicts } from '../db/conflict-retry.ts';
import type { Transaction } from './job-queue.ts';

/** A transaction that lost a deadlock (PostgreSQL rolls one back) runs again, up to this many times in all. */
const MAX_ATTEMPTS = 3;
/** How long a transaction may wait for a pooled connection, and run, under a burst of writes (Prisma's defaults: 2 s and 5 s). */
const MAX_WAIT_MS = 10_000;
const TIMEOUT_MS = 15_000;

/**
 * Runs writes and the jobs they cause in one transaction (no job without its row, no row without
 * its job), then tells this instance's workers of the queues it added to, so a job due now starts
 * without waiting for a poll.
 * `work` touches only the database, so a transaction rolled back by a deadlock is simply run again.
 */
export async function writeWithJobs<T>(app: AppContext, work: (tx: Transaction) => Promise<T>, options?: { timeout?: number }): Promise<T> {
  let committed: Transaction | undefined;
  const attempt = (tx: Transaction) => {
    committed = tx;
    return work(tx);
  };
  const result = await retryingConflicts(() => prisma.$transaction(attempt, { maxWait: MAX_WAIT_MS, timeout: TIMEOUT_MS, ...options }), { attempts: MAX_ATTEMPTS });
  if (committed) app.jobs.wakeAfter(committed);
  return result;
}
