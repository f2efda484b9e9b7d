/**
 * The selection Pothos built for a GraphQL field, plus the columns a service reads from the same
 * row itself (to announce it, say). With `include` (or no selection) every column comes anyway.
 */
export function alsoSelecting<Q extends { select?: object | null; include?: object | null }>(query: Q | undefined, columns: Record<string, true>): Q | undefined {
  if (!query?.select) return query;
  return { ...query, select: { ...query.select, ...columns } };
}
