import type { JobQueue } from '../jobs/job-queue.ts';
import type { MetricsRegistry } from './registry.ts';

/** Jobs by queue and state, and how long the oldest due job of each queue has waited, read at scrape time. */
export function registerJobMetrics(registry: MetricsRegistry, jobs: JobQueue): void {
  let latest: ReturnType<JobQueue['stats']> | undefined;
  // Both gauges are filled from one read of the queues per scrape.
  // A database that does not answer leaves the gauges out of this scrape rather than failing it.
  const stats = () => (latest ??= jobs.stats().catch(() => []).finally(() => setTimeout(() => (latest = undefined), 500).unref()));
  registry.gauge({
    name: 'herald_jobs',
    help: 'Jobs by queue and state (waiting, retrying, running, completed, failed, cancelled; finished ones are kept 7 days)',
    labelNames: ['queue', 'state'] as const,
    async collect() {
      for (const queue of await stats()) {
        for (const [state, count] of Object.entries(queue.counts)) this.set({ queue: queue.queue, state }, count);
      }
    },
  });
  registry.gauge({
    name: 'herald_job_queue_age_seconds',
    help: 'Seconds the oldest due job of each queue has waited to start (0 when none is due)',
    labelNames: ['queue'] as const,
    async collect() {
      for (const queue of await stats()) this.set({ queue: queue.queue }, queue.oldestDueSeconds);
    },
  });
}
