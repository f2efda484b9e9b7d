import { onQuery } from '../../../src/db/client.ts';

/**
 * Collects the SQL the in-process server runs while a window is open. Operations run one at a
 * time, so what arrives in an operation's window is that operation's.
 */
export function createSqlRecorder() {
  let window: string[] | undefined;
  const stopListening = onQuery((sql) => window?.push(sql));
  return {
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
