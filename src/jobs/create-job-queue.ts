import type { Config } from '../config.ts';
import { providerOf } from '../db/adapter.ts';
import type { Logger } from '../logger.ts';
import { JOB_NAME, type AnyJobDefinition, type JobQueue } from './job-queue.ts';
import { checkSchedule } from './schedule.ts';

/** pg-boss on PostgreSQL, the jobs table on SQLite; only the one in use is loaded. */
export async function createJobQueue(config: Config, logger: Logger, definitions: readonly AnyJobDefinition[]): Promise<JobQueue> {
  for (const job of definitions) {
    if (!JOB_NAME.test(job.name)) throw new Error(`Job name ${job.name} must be lowercase letters, digits and dashes`);
    if (job.schedule) checkSchedule(job.schedule);
  }
  const settings = { leaseSeconds: config.JOB_LEASE_SECONDS, pollSeconds: config.JOB_POLL_SECONDS, schedules: config.JOB_SCHEDULES };
  // Without schedules the recurring queues are still worked: their jobs can be enqueued by hand.
  const worked = config.JOB_SCHEDULES ? definitions : definitions.map(({ schedule: _schedule, ...job }): AnyJobDefinition => job);
  if (providerOf(config.DATABASE_URL) === 'postgresql') {
    return (await import('./pg-boss-job-queue.ts')).createPgBossJobQueue(config.DATABASE_URL, worked, settings, logger);
  }
  return (await import('./sqlite-job-queue.ts')).createSqliteJobQueue(worked, settings, logger);
}
