import type { ArgBuilder } from '@pothos/core';
import { viewerIdentity } from '../auth/viewer.ts';
import type { SubscriptionScope } from '../realtime/subscription-scope.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { localId } from './ids.ts';

interface EventShape {
  eventId: string;
  changedAt: string;
}

/** What every subscription event has, so clients can de-duplicate and order them. */
export const EventInterface = builder.interfaceRef<EventShape>('Event').implement({
  description: 'Something that changed, as a subscription reports it.',
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'Unique per event, for de-duplication.' }),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.changedAt) }),
  }),
});

const scopeTypes = { businessId: 'Business', campaignId: 'Campaign', contentId: 'Content' } as const;
type ScopeKey = keyof typeof scopeTypes;

/** Optional filter arguments of a subscription, each the global ID of something in a business you are a member of. */
export function scopeArgs<K extends ScopeKey>(arg: ArgBuilder<typeof builder.$inferSchemaTypes>, keys: readonly K[]) {
  return Object.fromEntries(keys.map((key) => [key, arg.id()])) as { [P in K]: ReturnType<typeof arg.id> };
}

/** The local ids of the filters given. */
export function scopeOf(args: { [K in ScopeKey]?: string | null }): SubscriptionScope {
  return Object.fromEntries(
    // An id given empty is an id that matches nothing (NOT_FOUND), not a filter left out.
    (Object.keys(scopeTypes) as ScopeKey[]).filter((key) => typeof args[key] === 'string').map((key) => [key, localId(args[key] as string, scopeTypes[key])]),
  );
}

export { liveEvent } from '../realtime/session-guard.ts';

/**
 * An event's row as the subscriber may see it, read once per event, field, viewer and selection
 * however many subscriptions deliver it (tenancy stays in the read: the viewer is in the key).
 */
export function readForEvent<T>(ctx: Context, event: { eventId: string }, field: string, query: object, read: () => Promise<T>): Promise<T> {
  // The viewer's identity, not only their id: a key acts for its creator but may see less.
  return ctx.app.eventReads.once(`${event.eventId}:${field}:${viewerIdentity(ctx.viewer)}:${JSON.stringify(query)}`, read);
}
