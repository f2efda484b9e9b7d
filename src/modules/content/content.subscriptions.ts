import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum } from '../../graphql/enums.ts';
import { EventInterface, liveEvent, readForEvent, scopeArgs, scopeOf } from '../../graphql/events.ts';
import type { ContentStatusChanged, ReviewRequested } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { findActor, UserNode } from '../account/user.schema.ts';
import { ApiKeyNode } from '../api-keys/api-key.schema.ts';
import { actorKindOf, EventActorKindEnum, findActorApiKey } from '../api-keys/event-actor.schema.ts';
import { ContentNode } from './content.schema.ts';

const ContentStatusEvent = builder.objectRef<ContentStatusChanged>('ContentStatusEvent').implement({
  description: 'A content item was created (previousStatus null) or moved along the publishing pipeline.',
  interfaces: [EventInterface],
  fields: (t) => ({
    content: t.prismaField({
      type: ContentNode,
      description: 'The content as it is now.',
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'content', query, () => prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inMemberBusinessWhere(ctx.viewer) } })),
    }),
    previousStatus: t.expose('previousStatus', { type: ContentStatusEnum, nullable: true }),
    status: t.expose('status', { type: ContentStatusEnum }),
    actor: t.prismaField({
      type: UserNode,
      nullable: true,
      description: 'The person who made the change, or whose API key made it (see actorKind); null for the system.',
      resolve: (query, event, _args, ctx) => readForEvent(ctx, event, 'actor', query, () => findActor(query, event.actorId, ctx.viewer)),
    }),
    actorKind: t.field({ type: EventActorKindEnum, resolve: actorKindOf }),
    actorApiKey: t.prismaField({
      type: ApiKeyNode,
      nullable: true,
      description: 'The API key the change was made with, for those who may see the business\'s keys; null otherwise.',
      resolve: (query, event, _args, ctx) => readForEvent(ctx, event, 'actorApiKey', query, () => findActorApiKey(query, event, ctx.viewer)),
    }),
  }),
});

builder.subscriptionField('contentStatusChanged', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: ContentStatusEvent,
    description: 'Status changes of content of a business you are a member of. Give at least one filter; all given filters apply.',
    args: scopeArgs(t.arg, ['businessId', 'campaignId']),
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'contentStatusChanged', scopeOf(args)),
    resolve: (event) => liveEvent(event),
  }),
);

const ReviewRequestEvent = builder.objectRef<ReviewRequested>('ReviewRequestEvent').implement({
  description: 'Content moved to REVIEW (by an editor, or back by an edit of approved text): it waits for an approver.',
  interfaces: [EventInterface],
  fields: (t) => ({
    content: t.prismaField({
      type: ContentNode,
      description: 'The content as it is now.',
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'content', query, () => prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inMemberBusinessWhere(ctx.viewer) } })),
    }),
    actor: t.prismaField({
      type: UserNode,
      nullable: true,
      description: 'The person who made the change, or whose API key made it (see actorKind); null for the system.',
      resolve: (query, event, _args, ctx) => readForEvent(ctx, event, 'actor', query, () => findActor(query, event.actorId, ctx.viewer)),
    }),
    actorKind: t.field({ type: EventActorKindEnum, resolve: actorKindOf }),
    actorApiKey: t.prismaField({
      type: ApiKeyNode,
      nullable: true,
      description: 'The API key the change was made with, for those who may see the business\'s keys; null otherwise.',
      resolve: (query, event, _args, ctx) => readForEvent(ctx, event, 'actorApiKey', query, () => findActorApiKey(query, event, ctx.viewer)),
    }),
  }),
});

builder.subscriptionField('reviewRequested', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: ReviewRequestEvent,
    description: 'Content waiting for approval, for the members who may approve it (ADMIN and OWNER; FORBIDDEN for others). Give at least one filter.',
    args: scopeArgs(t.arg, ['businessId', 'campaignId']),
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'reviewRequested', scopeOf(args), 'approve'),
    resolve: (event) => liveEvent(event),
  }),
);
