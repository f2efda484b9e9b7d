import type { AppContext } from '../../context.ts';
import type { MemberRole } from '../../domain/enums.ts';

/** Tells the member's open subscriptions their role changed (null: they are no longer a member); call after the write committed. */
export function announceMembership(app: AppContext, change: { businessId: string; userId: string; role: MemberRole | null; actorId: string; apiKeyId?: string }) {
  app.events.publish('membershipChanged', change);
}
