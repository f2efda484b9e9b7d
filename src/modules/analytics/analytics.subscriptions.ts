import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { localId } from '../../graphql/ids.ts';
import type { AnalyticsUpdated } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import { AnalyticsSnapshotNode } from './analytics.schema.ts';

builder.subscriptionField('analyticsUpdated', (t) =>
  t.prismaField({
    type: AnalyticsSnapshotNode,
    description: 'Every snapshot recorded for content you own. Give at least one filter; all given filters apply.',
    args: { businessId: t.arg.id(), campaignId: t.arg.id(), contentId: t.arg.id() },
    subscribe: (_root, args, ctx) =>
      subscribeScoped('analyticsUpdated', ctx.viewer, {
        businessId: args.businessId ? localId(args.businessId, 'Business') : undefined,
        campaignId: args.campaignId ? localId(args.campaignId, 'Campaign') : undefined,
        contentId: args.contentId ? localId(args.contentId, 'Content') : undefined,
      }),
    resolve: (query, event: AnalyticsUpdated, _args, ctx) =>
      prisma.analyticsSnapshot.findFirstOrThrow({ ...query, where: { id: event.snapshotId, ...inOwnedBusinessWhere(ctx.viewer) } }),
  }),
);
