/**
 * Prisma finds a page's cursor row without the query's filter, so a cursor naming someone else's
 * row would still position the page and tell where that row sorts. A cursor outside the filter is
 * treated like a missing one: an empty page.
 */
export async function findPageInScope<Query extends { cursor?: { id?: string } }, Row>(
  query: Query | undefined,
  countInScope: (id: string) => Promise<number>,
  findPage: (query: Query) => Promise<Row[]>,
): Promise<Row[]> {
  // Spread before any early return: Pothos reports a query that was never spread as forgotten.
  const selection = { ...query } as Query;
  const id = selection.cursor?.id;
  if (id !== undefined && (await countInScope(id)) === 0) return [];
  return findPage(selection);
}
