import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Prisma } from '../generated/prisma-postgresql/client.ts';

/** The transaction a job is enqueued in, together with the write that caused it. */
export type Transaction = Prisma.TransactionClient;

/** What a handler knows about the run it is in. */
export interface JobRun {
  readonly id: string;
  /** 1 on the first run. */
  readonly attempt: number;
  /** No retry follows if this run fails: the handler records the failure for good. */
  readonly lastAttempt: boolean;
  /** Aborts when the run's lease is about to end or a shutdown's deadline passes. */
  readonly signal: AbortSignal;
}

/**
 * A kind of job. Handlers must be idempotent: a run whose worker died is run again after its
 * lease expires, so an effect may already have been applied by the run that was cut short.
 */
export interface JobDefinition<Payload = unknown> {
  /** Queue name: lowercase letters, digits and dashes. */
  readonly name: string;
  readonly payload: z.ZodType<Payload>;
  readonly maxAttempts: number;
  /** The first retry waits between this and twice this; each later one about twice as long as the one before. */
  readonly retryDelaySeconds: number;
  /** How long a run may take before the job counts as abandoned, as a multiple of JOB_LEASE_SECONDS. */
  readonly leaseFactor?: number;
  /** Runs of this queue at once in one process. */
  readonly concurrency: number;
  /** Recurring: a cron expression in UTC (minute precision). Such jobs are enqueued by the engine. */
  readonly schedule?: string;
  run(app: AppContext, payload: Payload, run: JobRun): Promise<void>;
}

/** A definition of any payload, as the engines hold them. */
// biome-ignore lint/suspicious/noExplicitAny: payload types differ per queue; each checks its own with zod.
export type AnyJobDefinition = JobDefinition<any>;

export interface EnqueueOptions {
  /** Not before this time; default now. */
  runAt?: Date;
  /** De-duplication: while a job of this queue with this key waits for its first run, another is not added. */
  key?: string;
}

export type JobStateName = 'waiting' | 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled';

export interface QueueStats {
  queue: string;
  counts: Record<JobStateName, number>;
  /** Waiting or retrying jobs whose time has come. */
  due: number;
  /** Seconds the longest-waiting due job has waited, 0 when none is due. */
  oldestDueSeconds: number;
}

export interface JobQueue {
  /** Adds a job in the caller's transaction: it exists only if that transaction commits. Null when the key de-duplicated it. */
  enqueue<Payload>(tx: Transaction, job: JobDefinition<Payload>, payload: Payload, options?: EnqueueOptions): Promise<string | null>;
  /** Cancels the jobs of this queue and key that have not started; returns how many. */
  cancel(tx: Transaction, job: AnyJobDefinition, key: string): Promise<number>;
  /** Starts working the queues and their schedules; handlers run with this context. */
  start(app: AppContext): Promise<void>;
  /** A hint that jobs were just committed: look at every queue now rather than at the next poll. */
  wake(): void;
  /** After `committed` committed: look now at the queues it added jobs to (none: nothing to do). */
  wakeAfter(committed: Transaction): void;
  /** Stops taking jobs, lets running ones finish until the deadline, then aborts them (they are retried later). */
  stop(deadlineMs: number): Promise<void>;
  stats(): Promise<QueueStats[]>;
}

export const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The shortest delay before retry number `retry` (1 for the first); pg-boss and the SQLite runner add up to as much again at random. */
export const retryDelayMs = (job: AnyJobDefinition, retry: number) => job.retryDelaySeconds * 1000 * 2 ** (retry - 1);

/** Which queues each transaction added jobs to, so its commit wakes only those. */
export function createEnqueueLedger() {
  const queuesOf = new WeakMap<Transaction, Set<string>>();
  return {
    record(tx: Transaction, queue: string) {
      let queues = queuesOf.get(tx);
      if (!queues) queuesOf.set(tx, (queues = new Set()));
      queues.add(queue);
    },
    queuesOf: (tx: Transaction): ReadonlySet<string> => queuesOf.get(tx) ?? new Set(),
  };
}
