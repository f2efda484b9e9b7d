import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import type { EventActor } from '../../realtime/events.ts';
import { visibleApiKeyWhere } from './api-key.schema.ts';

export const EventActorKindEnum = builder.enumType('EventActorKind', {
  values: ['USER', 'API_KEY', 'SYSTEM'] as const,
  description: 'Who made a change: a person, a program with an API key (acting for the key\'s creator), or Herald itself (jobs, schedules).',
});

export const actorKindOf = (event: EventActor) => (event.actorApiKeyId ? 'API_KEY' : event.actorId ? 'USER' : 'SYSTEM') as 'USER' | 'API_KEY' | 'SYSTEM';

/** The key an event's change was made with, if the viewer may see keys of that business. */
export const findActorApiKey = <Q extends object>(query: Q, event: EventActor, viewer: Viewer | null) =>
  prisma.apiKey.findFirst({ ...query, where: visibleApiKeyWhere(event.actorApiKeyId ?? '', viewer) });
