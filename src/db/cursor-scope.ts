/**
 * Prisma finds a page's cursor row without the query's filter, so a cursor naming someone else's
 * row would still position the page and tell where that row sorts. A cursor outside the filter is
 * treated like a missing one: an empty page.
 */
export async function cursorIsInScope(query: { cursor?: { id?: string } } | undefined, countInScope: (id: string) => Promise<number>): Promise<boolean> {
  const id = query?.cursor?.id;
  return id === undefined || (await countInScope(id)) > 0;
}
