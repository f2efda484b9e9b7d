import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import type { ContentStatusChanged } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { findActor, UserNode } from '../account/user.schema.ts';
import { inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import { ContentNode } from './content.schema.ts';

const ContentStatusEvent = builder.objectRef<ContentStatusChanged>('ContentStatusEvent').implement({
  description: 'A content item was created (previousStatus null) or moved along the publishing pipeline.',
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'Unique per event, for de-duplication.' }),
    content: t.prismaField({
      type: ContentNode,
      description: 'The content as it is now.',
      resolve: (query, event, _args, ctx) =>
        prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inOwnedBusinessWhere(ctx.viewer) } }),
    }),
    previousStatus: t.field({ type: ContentStatusEnum, nullable: true, resolve: (event) => event.previousStatus }),
    status: t.field({ type: ContentStatusEnum, resolve: (event) => event.status }),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.changedAt) }),
    actor: t.prismaField({
      type: UserNode,
      nullable: true,
      resolve: (query, event, _args, ctx) => findActor(query, event.actorId, ctx.viewer),
    }),
  }),
});

builder.subscriptionField('contentStatusChanged', (t) =>
  t.field({
    type: ContentStatusEvent,
    description: 'Status changes of content you own. Give at least one filter; all given filters apply.',
    args: { businessId: t.arg.id(), campaignId: t.arg.id() },
    subscribe: (_root, args, ctx) =>
      subscribeScoped('contentStatusChanged', ctx.viewer, {
        businessId: args.businessId ? localId(args.businessId, 'Business') : undefined,
        campaignId: args.campaignId ? localId(args.campaignId, 'Campaign') : undefined,
      }),
    resolve: (event) => event,
  }),
);
