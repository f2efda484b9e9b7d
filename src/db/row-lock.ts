import { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { DatabaseProvider } from './prisma-schema.ts';

interface RawWriter {
  $executeRaw(query: Prisma.Sql): Promise<number>;
}

/**
 * Holds one row until the transaction ends, so what is read of it next is what the next write
 * changes: a write of nothing (the key set to itself), which takes the row's lock on PostgreSQL
 * and the database's write lock on SQLite. Taken right before the row's own write, it changes no
 * transaction's lock order.
 */
export async function lockRow(tx: RawWriter, table: string, key: Readonly<Record<string, unknown>>): Promise<void> {
  const [first] = Object.keys(key);
  const column = (name: string) => Prisma.raw(`"${name.replaceAll('"', '')}"`);
  const conditions = Prisma.join(
    Object.entries(key).map(([name, value]) => Prisma.sql`${column(name)} = ${value}`),
    ' AND ',
  );
  await tx.$executeRaw(Prisma.sql`UPDATE ${column(table)} SET ${column(first!)} = ${column(first!)} WHERE ${conditions}`);
}

interface RawReader extends RawWriter {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export type ReferencedTable = 'Business' | 'Campaign' | 'Content' | 'Message';

/**
 * Holds a row that a write later in the transaction refers to, and says whether it still exists:
 * read before a slow call (an AI answer, say), it may have been deleted or moved to the trash
 * since. PostgreSQL: FOR KEY SHARE, the lock a foreign key check takes, so the row can no longer
 * be deleted (the trash's FOR UPDATE waits) while other writes to it go on. SQLite: a write of
 * nothing, which takes the database's single write lock. Taken in the trash's order (business,
 * then campaign, then content), so neither waits for the other in a cycle.
 */
export async function holdReferencedRow(tx: RawReader, provider: DatabaseProvider, table: ReferencedTable, id: string): Promise<boolean> {
  if (provider === 'postgresql') {
    const rows = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR KEY SHARE`, id);
    return rows.length > 0;
  }
  return (await tx.$executeRawUnsafe(`UPDATE "${table}" SET "id" = "id" WHERE "id" = ?`, id)) > 0;
}
