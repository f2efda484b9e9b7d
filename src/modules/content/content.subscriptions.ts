import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum } from '../../graphql/enums.ts';
import { EventInterface, liveEvent, readForEvent, scopeArgs, scopeOf } from '../../graphql/events.ts';
import type { ContentStatusChanged, ReviewRequested } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { eventActorFields } from '../api-keys/event-actor.schema.ts';
import { ContentNode } from './content.schema.ts';

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** The content an event is about, as it is now (for members only). */
const contentOfEvent = <Event extends { eventId: string; contentId: string }>(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, Event>) => ({
  content: t.prismaField({
    type: ContentNode,
    description: 'The content as it is now.',
    resolve: (query, event, _args, ctx) =>
      readForEvent(ctx, event, 'content', query, () => prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inMemberBusinessWhere(ctx.viewer) } })),
  }),
});

const ContentStatusEvent = builder.objectRef<ContentStatusChanged>('ContentStatusEvent').implement({
  description: 'A content item was created (previousStatus null) or moved along the publishing pipeline.',
  interfaces: [EventInterface],
  fields: (t) => ({
    ...contentOfEvent(t),
    previousStatus: t.expose('previousStatus', { type: ContentStatusEnum, nullable: true }),
    status: t.expose('status', { type: ContentStatusEnum }),
    ...eventActorFields(t),
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
    ...contentOfEvent(t),
    ...eventActorFields(t),
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
