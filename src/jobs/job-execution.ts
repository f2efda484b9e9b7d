import { runInAuditScope } from '../audit/audit-scope.ts';
import type { AppContext } from '../context.ts';
import { settleWithin } from '../deadline.ts';
import type { AnyJobDefinition } from './job-queue.ts';

// A run is aborted this long before its lease ends, so it can record a failure while it still holds the job.
const ABORT_BEFORE_LEASE_END_MS = 2_000;
// After a shutdown's abort, how long interrupted runs get to wind down.
const WIND_DOWN_MS = 1_000;

/** The abort reason of runs cut short by a shutdown (a lease's end aborts with a TimeoutError). */
export const SHUTDOWN = new Error('Interrupted by a server shutdown');

export interface JobSettings {
  /** JOB_LEASE_SECONDS: a run's lease is this times the queue's leaseFactor. */
  leaseSeconds: number;
  /** JOB_POLL_SECONDS: how often a worker looks for due jobs when nothing woke it. */
  pollSeconds: number;
  /** JOB_SCHEDULES: whether this instance sends recurring jobs' occurrences. */
  schedules: boolean;
}

export const leaseMsOf = (job: AnyJobDefinition, settings: JobSettings) => settings.leaseSeconds * (job.leaseFactor ?? 1) * 1000;

export interface RunningJobs {
  /** Runs a job's handler with its payload checked, aborted near its lease's end or by stop(). */
  execute(app: AppContext, job: AnyJobDefinition, raw: unknown, run: { id: string; attempt: number; lastAttempt: boolean; leaseMs: number }): Promise<void>;
  readonly size: number;
  /** Lets running handlers finish until the deadline, then aborts them and waits briefly for them to wind down. */
  stop(deadlineMs: number): Promise<void>;
}

export function createRunningJobs(): RunningJobs {
  const running = new Set<Promise<unknown>>();
  const shutdown = new AbortController();
  const waitFor = (ms: number) => settleWithin(Promise.allSettled([...running]), ms);

  return {
    get size() {
      return running.size;
    },
    async execute(app, job, raw, { id, attempt, lastAttempt, leaseMs }) {
      const leaseEnds = AbortSignal.timeout(Math.max(1_000, leaseMs - ABORT_BEFORE_LEASE_END_MS));
      const signal = AbortSignal.any([leaseEnds, shutdown.signal]);
      const task = (async () => {
        const payload = job.payload.parse(raw);
        // What the job changes is the system's doing, traced to the job in the audit trail.
        await runInAuditScope({ operation: `job ${job.name}`, requestId: `job:${id}` }, () => job.run(app, payload, { id, attempt, lastAttempt, signal }));
      })();
      running.add(task);
      try {
        await task;
      } finally {
        running.delete(task);
      }
    },
    async stop(deadlineMs) {
      await waitFor(deadlineMs - WIND_DOWN_MS);
      if (running.size === 0) return;
      shutdown.abort(SHUTDOWN);
      await waitFor(Math.min(WIND_DOWN_MS, deadlineMs));
    },
  };
}

/** A short, log-safe description of why a run failed. */
export const failureMessage = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2_000);
