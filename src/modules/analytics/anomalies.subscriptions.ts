import { builder } from '../../graphql/builder.ts';
import { EventInterface, liveEvent, scopeOf } from '../../graphql/events.ts';
import type { AnalyticsAnomaly } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { AnomalyRef } from './rollups.schema.ts';

const AnalyticsAnomalyEvent = builder.objectRef<AnalyticsAnomaly>('AnalyticsAnomalyEvent').implement({
  interfaces: [EventInterface],
  fields: (t) => ({ anomaly: t.field({ type: AnomalyRef, resolve: (event) => ({ ...event, contentId: event.contentId ?? null }) }) }),
});

builder.subscriptionField('analyticsAnomaly', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: AnalyticsAnomalyEvent,
    description: "A new reading left a content, or its campaign, far outside the business's usual engagement range (see EngagementAnomaly).",
    args: { businessId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'analyticsAnomaly', scopeOf(args)),
    resolve: (event) => liveEvent(event),
  }),
);
