import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { liveEvent, readForEvent, scopeArgs, scopeOf } from '../../graphql/events.ts';
import type { AnalyticsUpdated } from '../../realtime/events.ts';
import type { Guarded } from '../../realtime/session-guard.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { AnalyticsSnapshotNode } from './analytics.schema.ts';

builder.subscriptionField('analyticsUpdated', (t) =>
  t.withAuth({ authenticated: true }).prismaField({
    type: AnalyticsSnapshotNode,
    description: 'Every snapshot recorded for content of a business you are a member of. Give at least one filter; all given filters apply.',
    args: scopeArgs(t.arg, ['businessId', 'campaignId', 'contentId']),
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'analyticsUpdated', scopeOf(args)),
    resolve: (query, guarded: Guarded<AnalyticsUpdated>, _args, ctx) => {
      const event = liveEvent(guarded);
      return readForEvent(ctx, event, 'snapshot', query, () =>
        prisma.analyticsSnapshot.findFirstOrThrow({ ...query, where: { id: event.snapshotId, ...inMemberBusinessWhere(ctx.viewer) } }),
      );
    },
  }),
);
