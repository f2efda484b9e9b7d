import { findOwnedBusiness, findOwnedCampaign, findOwnedContent } from '../auth/tenancy.ts';
import type { Viewer } from '../auth/viewer.ts';
import { ValidationError } from '../domain/errors.ts';
import type { EventMap, EventName } from './events.ts';
import type { AppContext } from '../context.ts';
import { createEventStream } from './event-stream.ts';
import { type Guarded, SESSION_ENDED } from './session-guard.ts';

export interface SubscriptionScope {
  businessId?: string;
  campaignId?: string;
  contentId?: string;
}

/**
 * Checks that the viewer owns everything the scope names and finds the business whose events to
 * listen to. At least one id is required; an unknown or foreign id is NOT_FOUND.
 */
async function ownedBusinessOf(viewer: Viewer, scope: SubscriptionScope): Promise<string> {
  const owners = await Promise.all([
    scope.businessId ? findOwnedBusiness(viewer, scope.businessId).then((b) => b.id) : undefined,
    scope.campaignId ? findOwnedCampaign(viewer, scope.campaignId).then((c) => c.businessId) : undefined,
    scope.contentId ? findOwnedContent(viewer, scope.contentId).then((c) => c.businessId) : undefined,
  ]);
  const businessIds = new Set(owners.filter((id): id is string => id !== undefined));
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
 * The events of one kind that match every id in the scope, for a viewer who owns them, until
 * the viewer's session ends (token expiry or deactivation).
 */
export async function subscribeScoped<K extends EventName>(
  { app, viewer, sessionExpiresAt }: SubscriberContext,
  name: K,
  scope: SubscriptionScope,
): Promise<AsyncIterable<Guarded<EventMap[K]>>> {
  const businessId = await ownedBusinessOf(viewer, scope);
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
    return () => {
      stopListening();
      stopWatching();
    };
  });
}
