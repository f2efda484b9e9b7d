import { checkRole, findBusinessFor, findCampaignFor, findContentFor } from '../auth/tenancy.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { MemberRole } from '../domain/enums.ts';
import { ValidationError } from '../domain/errors.ts';
import { can, type Permission } from '../domain/roles.ts';
import type { EventMap, EventName } from './events.ts';
import type { AppContext } from '../context.ts';
import { createEventStream } from './event-stream.ts';
import { ACCESS_ENDED, type Guarded, SESSION_ENDED } from './session-guard.ts';

export interface SubscriptionScope {
  businessId?: string;
  campaignId?: string;
  contentId?: string;
}

/**
 * Checks that the viewer is a member of the business of everything the scope names, in a role
 * with `permission`, and finds the business whose events to listen to. At least one id is
 * required; an unknown or foreign id is NOT_FOUND, a role without the permission FORBIDDEN.
 */
async function memberBusinessOf(viewer: Viewer, scope: SubscriptionScope, permission: Permission): Promise<string> {
  // Every lookup is waited for, refused or not: one answering NOT_FOUND first must not leave the
  // others' queries running after the subscription was refused (Promise.all would).
  const settled = await Promise.allSettled([
    scope.businessId ? findBusinessFor(viewer, scope.businessId, 'read').then((b) => ({ businessId: b.id, access: b.access })) : undefined,
    scope.campaignId ? findCampaignFor(viewer, scope.campaignId, 'read').then((c) => ({ businessId: c.businessId, access: c.access })) : undefined,
    scope.contentId ? findContentFor(viewer, scope.contentId, 'read').then((c) => ({ businessId: c.businessId, access: c.access })) : undefined,
  ]);
  const refused = settled.find((result) => result.status === 'rejected');
  if (refused) throw refused.reason;
  const members = settled.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  for (const { access } of members) checkRole(access, permission);
  const businessIds = new Set(members.map((member) => member.businessId));
  if (businessIds.size === 0) {
    throw new ValidationError([{ path: [], message: 'Give at least one filter: businessId, campaignId or contentId' }]);
  }
  if (businessIds.size > 1) {
    throw new ValidationError([{ path: [], message: 'The filters belong to different businesses, so no event could match' }]);
  }
  return [...businessIds][0];
}

type Scoped = { businessId: string; campaignId?: string; contentId?: string };

export interface SubscriberContext {
  app: AppContext;
  viewer: Viewer;
  sessionExpiresAt: Date;
}

/**
 * The events of one kind that match every id in the scope, for a member of their business, until
 * the viewer's session ends (token expiry or deactivation) or their membership no longer allows
 * it (removed, left, or a role without `permission`).
 */
export async function subscribeScoped<K extends EventName>(
  { app, viewer, sessionExpiresAt }: SubscriberContext,
  name: K,
  scope: SubscriptionScope,
  permission: Permission = 'read',
): Promise<AsyncIterable<Guarded<EventMap[K]>>> {
  const businessId = await memberBusinessOf(viewer, scope, permission);
  const matches = (event: EventMap[K] & Partial<Scoped>) =>
    event.businessId === businessId &&
    (!scope.campaignId || event.campaignId === scope.campaignId) &&
    (!scope.contentId || event.contentId === scope.contentId);
  return createEventStream<Guarded<EventMap[K]>>((stream) => {
    const stopListening = app.events.listen(name, businessId, {
      next: (event) => {
        if (matches(event)) stream.push(event);
      },
      complete: () => stream.end(),
    });
    const stopWatching = app.sessions.watch({ userId: viewer.id, expiresAt: sessionExpiresAt }, () => stream.end(SESSION_ENDED));
    const allows = (role: MemberRole | null) => role !== null && can(role, permission);
    const stopMembershipEvents = app.events.listen('membershipChanged', businessId, {
      next: ({ userId, role, apiKeyId }) => {
        if (apiKeyId !== undefined && apiKeyId !== viewer.apiKey?.id) return;
        if (userId === viewer.id && !allows(role)) stream.end(ACCESS_ENDED);
      },
      complete: () => undefined,
    });
    // Should that event be lost (Redis away, or published between the check above and listening), a check every interval.
    const stopMembershipWatch = app.memberships.watch({ userId: viewer.id, businessId }, allows, () => stream.end(ACCESS_ENDED));
    return () => {
      stopListening();
      stopWatching();
      stopMembershipEvents();
      stopMembershipWatch();
    };
  });
}
