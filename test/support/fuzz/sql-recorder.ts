import { onQuery } from '../../../src/db/client.ts';

/**
 * Collects the SQL the in-process server runs while a window is open. Operations run one at a
 * time, so what arrives in an operation's window is that operation's.
 */
export function createSqlRecorder() {
  let window: string[] | undefined;
  let lastStatementAt = 0;
  const stopListening = onQuery((sql) => {
    lastStatementAt = performance.now();
    window?.push(sql);
  });
  return {
    /**
     * Resolves once no statement has arrived for `ms`. A request can answer while queries it
     * started are still running (Promise.all rejecting on its first failure); they must finish
     * before the next operation's window opens, or they would be counted as its own.
     */
    async quiet(ms: number) {
      while (performance.now() - lastStatementAt < ms) await new Promise((resolve) => setTimeout(resolve, ms));
    },
    start() {
      window = [];
    },
    /** Closes the window and returns what it caught. */
    stop(): string[] {
      const caught = window ?? [];
      window = undefined;
      return caught;
    },
    dispose: () => void stopListening(),
  };
}
