import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { readForEvent } from '../../graphql/events.ts';
import { findActor, UserNode } from '../account/user.schema.ts';
import type { EventActor } from '../../realtime/events.ts';
import { ApiKeyNode, visibleApiKeyWhere } from './api-key.schema.ts';

export const EventActorKindEnum = builder.enumType('EventActorKind', {
  values: ['USER', 'API_KEY', 'SYSTEM'] as const,
  description: 'Who made a change: a person, a program with an API key (acting for the key\'s creator), or Herald itself (jobs, schedules).',
});

export const actorKindOf = (event: EventActor) => (event.actorApiKeyId ? 'API_KEY' : event.actorId ? 'USER' : 'SYSTEM') as 'USER' | 'API_KEY' | 'SYSTEM';

/** The key an event's change was made with, if the viewer may see keys of that business. */
export const findActorApiKey = <Q extends object>(query: Q, event: EventActor, viewer: Viewer | null) =>
  prisma.apiKey.findFirst({ ...query, where: visibleApiKeyWhere(event.actorApiKeyId ?? '', viewer) });

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** Who made an event's change, as every event of a change shows it: the person, what acted, and the key. */
export const eventActorFields = <Event extends EventActor & { eventId: string }>(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, Event>) => ({
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
    description: "The API key the change was made with, for those who may see the business's keys; null otherwise.",
    resolve: (query, event, _args, ctx) => readForEvent(ctx, event, 'actorApiKey', query, () => findActorApiKey(query, event, ctx.viewer)),
  }),
});
