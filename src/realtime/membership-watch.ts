import type { MemberRole } from '../domain/enums.ts';

export interface MembershipWatch {
  /**
   * Calls `onEnd` once when a check, every interval, finds the user's role in the business (null:
   * not a member) no longer `allows` what the watcher does. The function returned stops watching.
   */
  watch(member: { userId: string; businessId: string }, allows: (role: MemberRole | null) => boolean, onEnd: () => void): () => void;
}

interface Watcher {
  allows: (role: MemberRole | null) => boolean;
  onEnd: () => void;
}

/**
 * The backstop of the membershipChanged event that ends a subscription at once: an event can be
 * lost (Redis away for a moment, or published between a subscription's own check and the moment
 * it listens), and a member removed then would keep hearing the business's events for as long as
 * their token lasts; with this it is cut off within the interval. One role read per member and
 * business and interval, however many subscriptions they have open.
 */
export function createMembershipWatch({ roleOf, checkEveryMs }: { roleOf: (userId: string, businessId: string) => Promise<MemberRole | null>; checkEveryMs: number }): MembershipWatch {
  const members = new Map<string, { watchers: Set<Watcher>; check: NodeJS.Timeout }>();

  const unwatch = (key: string, watcher: Watcher) => {
    const member = members.get(key);
    if (member?.watchers.delete(watcher) && member.watchers.size === 0) {
      clearInterval(member.check);
      members.delete(key);
    }
  };
  const check = (key: string, userId: string, businessId: string) => {
    roleOf(userId, businessId).then(
      (role) => {
        const member = members.get(key);
        if (!member) return;
        for (const watcher of [...member.watchers]) {
          if (!watcher.allows(role)) {
            unwatch(key, watcher);
            watcher.onEnd();
          }
        }
      },
      // A failed check (the database away) ends nobody's subscription; the next one decides.
      () => undefined,
    );
  };

  return {
    watch({ userId, businessId }, allows, onEnd) {
      const key = `${userId}:${businessId}`;
      const watcher: Watcher = { allows, onEnd };
      let member = members.get(key);
      if (!member) members.set(key, (member = { watchers: new Set(), check: setInterval(() => check(key, userId, businessId), checkEveryMs).unref() }));
      member.watchers.add(watcher);
      return () => unwatch(key, watcher);
    },
  };
}
