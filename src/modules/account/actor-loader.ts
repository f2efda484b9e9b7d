import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { perRequestLoaders } from '../../request-loaders.ts';
import { type findActor, visibleUserWhere } from './user.schema.ts';

type Actor<Query extends object> = Awaited<ReturnType<typeof findActor<Query>>>;

// One loader per request (keyed by its context object) and selection: the actors of a page of
// events are read in one statement, not one per event.
const loaders = perRequestLoaders<string, unknown>();

/** The user who caused an event, as findActor reads them (null for none, or one the viewer may not see), batched per request. */
export function loadActor<Query extends { select?: object }>(ctx: { viewer: Viewer | null }, query: Query, actorId: string | null): Promise<Actor<Query>> {
  // Read before the null check too: Pothos refuses a Prisma query its resolver leaves untouched.
  const selection = JSON.stringify(query);
  if (!actorId) return Promise.resolve(null as Actor<Query>);
  return loaders(ctx, selection, (ids) => visibleUsersById(ctx.viewer, query, ids)).load(actorId) as Promise<Actor<Query>>;
}

async function visibleUsersById(viewer: Viewer | null, query: { select?: object }, ids: readonly string[]) {
  // The id maps rows back to keys; a selection without one gets it (an include has every column).
  const withId = query.select ? { ...query, select: { ...query.select, id: true } } : query;
  const users = await prisma.user.findMany({ ...withId, where: { id: { in: [...ids] }, AND: [visibleUserWhere(viewer)] } });
  const byId = new Map(users.map((user) => [(user as { id: string }).id, user]));
  return ids.map((id) => byId.get(id) ?? null);
}
