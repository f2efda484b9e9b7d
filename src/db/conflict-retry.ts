import { isWriteConflict } from './errors.ts';

/**
 * Runs `attempt` (a whole transaction) again when it lost a deadlock or a serialization conflict,
 * which PostgreSQL settles by rolling one transaction back: up to `attempts` times in all, after a
 * random pause of up to `backoffMs` × the attempt so that the two do not meet again at once.
 * Only for transactions that touch nothing but the database.
 */
export async function retryingConflicts<T>(attempt: () => Promise<T>, { attempts = 3, backoffMs = 0 } = {}): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isWriteConflict(error) || tried === attempts) throw error;
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * backoffMs * tried));
    }
  }
}
