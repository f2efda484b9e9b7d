import { prisma } from '../../db/client.ts';
import { databaseProvider } from '../../db/provider.ts';
import { listOf, raw, sql } from '../../db/raw-sql.ts';
import type { Version } from '../../generated/prisma-postgresql/client.ts';
import type { Context } from '../../graphql/context.ts';
import { perRequestLoaders } from '../../request-loaders.ts';

type Entity = 'CAMPAIGN' | 'CONTENT';
/** What a prismaConnection hands its resolver: a page (take < 0: the last rows) and the selection. */
export type PageQuery = { take: number; skip: number; cursor?: { id: string }; select?: Record<string, unknown>; include?: object };

/** Newest first; a page read any other way must order its rows the same. */
export const versionOrder = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

// Per request (keyed by its context object): the pages of one entity type, selection and size
// cost two statements for every parent of a response, the counts one. Batched, not remembered: a
// later mutation of the same request answers the versions it wrote.
const MAX_BATCH = 500;
const pageLoaders = perRequestLoaders<string, Version[]>({ maxBatchSize: MAX_BATCH, cache: false });
const countLoaders = perRequestLoaders<string, number>({ maxBatchSize: MAX_BATCH, cache: false });

function cached<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (!value) map.set(key, (value = create()));
  return value;
}

/** The versions of one page of a campaign's or content's history, as prisma.version.findMany(query) reads them. */
export function loadVersionPage(ctx: Context, entityType: Entity, query: PageQuery, entityId: string): Promise<Version[]> {
  const { take, skip, cursor, ...selection } = query;
  // A page after (or before) a cursor starts at a row of its parent's own history, which a window
  // over every parent cannot express simply: it is read on its own, as it always was. Lists ask for
  // first pages; a cursor names one parent's version.
  if (cursor || skip) return prisma.version.findMany({ ...query, where: { entityType, entityId }, orderBy: versionOrder });
  return pageLoaders(ctx, JSON.stringify([entityType, take, selection]), (ids) => pagesOf(entityType, take, selection, ids)).load(entityId);
}

/**
 * The first `take` versions of each parent (take < 0: the last -take, in the same newest-first
 * order, as Prisma answers a negative take): their ids through a window over all parents, then the
 * rows with the query's selection in one findMany.
 */
async function pagesOf(entityType: Entity, take: number, selection: Omit<PageQuery, 'take' | 'skip' | 'cursor'>, entityIds: readonly string[]) {
  if (take === 0) return entityIds.map(() => []);
  const direction = take > 0 ? 'DESC' : 'ASC';
  const { text, values } = sql`SELECT "id", "entityId", "position" FROM (
      SELECT "id", "entityId", ROW_NUMBER() OVER (PARTITION BY "entityId" ORDER BY "createdAt" ${raw(direction)}, "id" ${raw(direction)}) AS "position"
      FROM "Version" WHERE "entityType" = ${entityType} AND "entityId" IN (${listOf(entityIds)})
    ) ranked WHERE "position" <= ${Math.abs(take)}`.render(databaseProvider());
  const ranked = await prisma.$queryRawUnsafe<{ id: string; entityId: string; position: number | bigint }[]>(text, ...values);
  if (!ranked.length) return entityIds.map(() => []);
  const byEntity = new Map<string, { id: string; position: number }[]>();
  for (const row of ranked) cached(byEntity, row.entityId, () => []).push({ id: row.id, position: Number(row.position) });
  for (const page of byEntity.values()) {
    page.sort((a, b) => a.position - b.position);
    if (take < 0) page.reverse();
  }
  // The id maps rows back to their page; a selection without one gets it (an include has every column).
  const withId = selection.select ? { ...selection, select: { ...selection.select, id: true } } : selection;
  const rows = await prisma.version.findMany({ ...withId, where: { id: { in: ranked.map((row) => row.id) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return entityIds.map((entityId) => {
    const page = byEntity.get(entityId) ?? [];
    // A row deleted between the two reads (its parent purged meanwhile) is left out.
    return page.flatMap(({ id }) => byId.get(id) ?? []);
  });
}

/** How many versions the campaign or content has, counted for every parent of a response at once. */
export function loadVersionCount(ctx: Context, entityType: Entity, entityId: string): Promise<number> {
  const loader = countLoaders(ctx, entityType, async (ids) => {
    const counts = await prisma.version.groupBy({ by: ['entityId'], where: { entityType, entityId: { in: [...ids] } }, _count: { _all: true } });
    const byId = new Map(counts.map((row) => [row.entityId, row._count._all]));
    return ids.map((id) => byId.get(id) ?? 0);
  });
  return loader.load(entityId);
}
