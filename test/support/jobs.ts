import type { JobQueue } from '../../src/jobs/job-queue.ts';

/** Waits until no job is due, running or waiting to retry (a failed run comes back), or the timeout passes; says whether the queues went idle. */
export async function jobsIdle(jobs: JobQueue, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stats = await jobs.stats();
    if (stats.every((queue) => queue.due === 0 && queue.counts.running === 0 && queue.counts.retrying === 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
