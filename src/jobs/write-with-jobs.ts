import type { AppContext } from '../context.ts';
import { prisma } from '../db/client.ts';
import type { Transaction } from './job-queue.ts';

/**
 * Runs writes and the jobs they cause in one transaction (no job without its row, no row without
 * its job), then tells this instance's workers, so a job due now starts without waiting for a poll.
 */
export async function writeWithJobs<T>(app: AppContext, work: (tx: Transaction) => Promise<T>, options?: { timeout?: number }): Promise<T> {
  const result = await prisma.$transaction(work, options);
  app.jobs.wake();
  return result;
}
