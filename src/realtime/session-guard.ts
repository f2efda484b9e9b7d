import { Repeater } from 'graphql-yoga';

/** What a subscription yields, instead of an event, when its session is over. */
export const SESSION_ENDED = Symbol('session ended');
export type Guarded<T> = T | typeof SESSION_ENDED;

// setTimeout takes at most 2^31 - 1 ms; longer sessions are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Passes events through until the session ends: when the token expires or, checked every
 * `checkEveryMs`, the user is no longer active. Then it yields SESSION_ENDED once and finishes,
 * so the client gets an UNAUTHENTICATED error for the subscription (not a broken socket).
 */
export function untilSessionEnds<T>(
  source: AsyncIterable<T>,
  { expiresAt, isActive, checkEveryMs }: { expiresAt: Date; isActive: () => Promise<boolean>; checkEveryMs: number },
): AsyncIterable<Guarded<T>> {
  return new Repeater<Guarded<T>>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    let expiry: NodeJS.Timeout | undefined;
    const end = () => {
      void push(SESSION_ENDED).then(() => stop());
    };
    const armExpiry = () => {
      const remaining = expiresAt.getTime() - Date.now();
      if (remaining <= 0) return end();
      expiry = setTimeout(remaining > MAX_TIMER_MS ? armExpiry : end, Math.min(remaining, MAX_TIMER_MS));
    };
    armExpiry();
    const check = setInterval(() => {
      isActive().then(
        (active) => active || end(),
        () => undefined,
      );
    }, checkEveryMs);
    void stop.then(() => {
      clearTimeout(expiry);
      clearInterval(check);
      return iterator.return?.();
    });
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        await push(next.value);
      }
    } finally {
      stop();
    }
  });
}
