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

export interface Page<Row> {
  items: Row[];
  /** The id to ask the next page after; null on the last page. */
  nextCursor: string | null;
}

/**
 * `first` rows after the cursor row (none for the first page), found like findPageInScope, with
 * the cursor of the next page: one row more is read to know whether there is one.
 */
export async function pageAfter<Row extends { id: string }>(
  { first, after }: { first: number; after?: string | null },
  countInScope: (id: string) => Promise<number>,
  findPage: (window: { take: number; skip?: number; cursor?: { id: string } }) => Promise<Row[]>,
): Promise<Page<Row>> {
  const window = after == null ? { take: first + 1 } : { take: first + 1, skip: 1, cursor: { id: after } };
  const rows = await findPageInScope(window, countInScope, findPage);
  return { items: rows.slice(0, first), nextCursor: rows.length > first ? rows[first - 1].id : null };
}
