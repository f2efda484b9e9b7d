import { settleWithin } from '../deadline.ts';
import type { Logger } from '../logger.ts';

/**
 * Work that runs after the request that caused it has answered (a campaign generation, automatic
 * tagging), tracked so a shutdown can let it finish. Each task gets a signal that aborts when the
 * shutdown deadline passes, so it can record that it was interrupted.
 */
export interface BackgroundTasks {
  run(label: string, work: (signal: AbortSignal) => Promise<void>): void;
  /** Waits for running work until the deadline, then aborts what is left and waits for it to wind down. */
  settle(deadlineMs: number): Promise<void>;
}

// After the abort, how long interrupted work gets to record its failure.
const WIND_DOWN_MS = 2_000;

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const running = new Set<Promise<void>>();
  const controller = new AbortController();
  const waitFor = (ms: number) => settleWithin(Promise.allSettled([...running]), ms);

  return {
    run(label, work) {
      const task = work(controller.signal)
        .catch((error: unknown) => logger.error({ err: error, task: label }, 'background task failed'))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async settle(deadlineMs) {
      await waitFor(deadlineMs - WIND_DOWN_MS);
      if (running.size === 0) return;
      controller.abort(new Error('Interrupted by a server shutdown'));
      await waitFor(Math.min(WIND_DOWN_MS, deadlineMs));
    },
  };
}
