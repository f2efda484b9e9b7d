import { LRUCache } from 'lru-cache';
import type { Session } from './authenticate.ts';

/**
 * Sessions of recently verified tokens, so a client's burst of requests costs one signature check
 * and one user read instead of one per request. An entry lives at most `ttlSeconds` and never past
 * its token's expiry; a user deactivated in the database is refused once the entry is gone.
 */
export interface SessionCache {
  get(token: string): Session | undefined;
  remember(token: string, session: Session): void;
}

// Bounds memory (a token is a few hundred bytes) whatever the number of clients.
const MAX_SESSIONS = 10_000;

/** No cache at all for `ttlSeconds` 0. */
export function createSessionCache(ttlSeconds: number): SessionCache | undefined {
  if (ttlSeconds <= 0) return undefined;
  const ttl = ttlSeconds * 1000;
  const sessions = new LRUCache<string, Session>({ max: MAX_SESSIONS, ttl });
  return {
    get: (token) => sessions.get(token),
    remember(token, session) {
      // An entry outliving its token would let an expired token in.
      const untilExpiry = session.expiresAt.getTime() - Date.now();
      if (untilExpiry > 0) sessions.set(token, session, { ttl: Math.min(ttl, untilExpiry) });
    },
  };
}
