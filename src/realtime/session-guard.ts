import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';

/** What a subscription yields, instead of an event, when its session is over. */
export const SESSION_ENDED = Symbol('session ended');
/** What it yields when the subscriber's membership of the business no longer allows it. */
export const ACCESS_ENDED = Symbol('access ended');
export type Guarded<T> = T | typeof SESSION_ENDED | typeof ACCESS_ENDED;

/**
 * The event; UNAUTHENTICATED once the subscriber's session has ended, FORBIDDEN once their
 * membership no longer allows the subscription (it then completes).
 */
export function liveEvent<T>(event: Guarded<T>): T {
  if (event === SESSION_ENDED) throw new UnauthenticatedError('Your session has ended; sign in again');
  if (event === ACCESS_ENDED) throw new ForbiddenError('Your membership of this business no longer allows this subscription');
  return event;
}

// setTimeout takes at most 2^31 - 1 ms; longer sessions are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Session {
  userId: string;
  expiresAt: Date;
}

export interface SessionWatch {
  /**
   * Calls `onEnd` once when the session ends: its token expires or a check finds its user no
   * longer active. The function returned stops watching.
   */
  watch(session: Session, onEnd: () => void): () => void;
}

interface Watcher {
  userId: string;
  expiresAtMs: number;
  onEnd: () => void;
}

/**
 * Watches the sessions of open subscriptions with one activity check per user and interval and
 * one timer per expiry instant (subscriptions made with one token share it), however many
 * subscriptions there are: a thousand subscriptions of one user cost one query a minute, not a
 * thousand.
 */
export function createSessionWatch({ isActive, checkEveryMs }: { isActive: (userId: string) => Promise<boolean>; checkEveryMs: number }): SessionWatch {
  const users = new Map<string, { watchers: Set<Watcher>; check: NodeJS.Timeout }>();
  const expiries = new Map<number, { watchers: Set<Watcher>; timer: NodeJS.Timeout }>();

  const unwatch = (watcher: Watcher) => {
    const user = users.get(watcher.userId);
    if (user?.watchers.delete(watcher) && user.watchers.size === 0) {
      clearInterval(user.check);
      users.delete(watcher.userId);
    }
    const expiry = expiries.get(watcher.expiresAtMs);
    if (expiry?.watchers.delete(watcher) && expiry.watchers.size === 0) {
      clearTimeout(expiry.timer);
      expiries.delete(watcher.expiresAtMs);
    }
  };
  const endAll = (watchers: Set<Watcher>) => {
    for (const watcher of [...watchers]) {
      unwatch(watcher);
      watcher.onEnd();
    }
  };

  const checkUser = (userId: string) => () => {
    isActive(userId).then(
      (active) => {
        const user = users.get(userId);
        if (!active && user) endAll(user.watchers);
      },
      // A failed check (the database away) ends nobody's session; the next one decides.
      () => undefined,
    );
  };
  const armExpiry = (expiresAtMs: number): NodeJS.Timeout => {
    const remaining = expiresAtMs - Date.now();
    const fire = () => {
      const expiry = expiries.get(expiresAtMs);
      if (!expiry) return;
      if (remaining > MAX_TIMER_MS) expiry.timer = armExpiry(expiresAtMs);
      else endAll(expiry.watchers);
    };
    return setTimeout(fire, Math.min(remaining, MAX_TIMER_MS)).unref();
  };

  return {
    watch({ userId, expiresAt }, onEnd) {
      const watcher: Watcher = { userId, expiresAtMs: expiresAt.getTime(), onEnd };
      if (watcher.expiresAtMs <= Date.now()) {
        onEnd();
        return () => undefined;
      }
      let user = users.get(userId);
      if (!user) users.set(userId, (user = { watchers: new Set(), check: setInterval(checkUser(userId), checkEveryMs).unref() }));
      user.watchers.add(watcher);
      let expiry = expiries.get(watcher.expiresAtMs);
      if (!expiry) expiries.set(watcher.expiresAtMs, (expiry = { watchers: new Set(), timer: armExpiry(watcher.expiresAtMs) }));
      expiry.watchers.add(watcher);
      return () => unwatch(watcher);
    },
  };
}
