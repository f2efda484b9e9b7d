import { Prisma } from '../generated/prisma-postgresql/client.ts';
import { databaseProvider } from './provider.ts';

interface RawWriter {
  $executeRaw(query: Prisma.Sql): Promise<number>;
  $queryRaw<T = unknown>(query: Prisma.Sql): Promise<T>;
}

/**
 * Holds one row until the transaction ends, so what is read of it next is what the next write
 * changes. PostgreSQL: FOR NO KEY UPDATE, the lock the write takes anyway. (A write of nothing
 * would take the same lock but leave a row version made by this transaction, and PostgreSQL checks
 * the foreign keys of a row updated again in the transaction that made it: a FOR KEY SHARE on its
 * campaign or business, which deadlocked with the trash holding those FOR UPDATE.) SQLite: a write
 * of nothing (the key set to itself), which takes the database's write lock. Taken right before
 * the row's own write, it changes no transaction's lock order. Says whether it found the row.
 */
export async function lockRow(tx: RawWriter, table: string, key: Readonly<Record<string, unknown>>): Promise<boolean> {
  const [first] = Object.keys(key);
  const column = (name: string) => Prisma.raw(`"${name.replaceAll('"', '')}"`);
  const conditions = Prisma.join(
    Object.entries(key).map(([name, value]) => Prisma.sql`${column(name)} = ${value}`),
    ' AND ',
  );
  if (databaseProvider() === 'postgresql') {
    return (await tx.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM ${column(table)} WHERE ${conditions} FOR NO KEY UPDATE`)).length > 0;
  }
  return (await tx.$executeRaw(Prisma.sql`UPDATE ${column(table)} SET ${column(first!)} = ${column(first!)} WHERE ${conditions}`)) > 0;
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
export async function holdReferencedRow(tx: RawReader, table: ReferencedTable, id: string): Promise<boolean> {
  if (databaseProvider() === 'postgresql') {
    const rows = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR KEY SHARE`, id);
    return rows.length > 0;
  }
  return (await tx.$executeRawUnsafe(`UPDATE "${table}" SET "id" = "id" WHERE "id" = ?`, id)) > 0;
}

interface RawQuerier {
  $queryRaw<T = unknown>(query: Prisma.Sql): Promise<T>;
}

/** Keys per statement: far below PostgreSQL's 65535 bound values, for compound keys too. */
const KEYS_PER_LOCK = 1_000;

/**
 * PostgreSQL only: holds rows, found by their key (`[{ id }]`, or a compound key's columns), until
 * the transaction ends, with the lock their coming write takes anyway (FOR NO KEY UPDATE for an
 * update, FOR UPDATE for a delete), taken in key order so two such writes do not wait for each
 * other in a cycle. What is read of them next is what the write changes. (SQLite has one writer:
 * nothing commits between a transaction's reads and its writes.)
 */
export async function lockRowsByKey(tx: RawQuerier, table: string, keys: readonly Readonly<Record<string, unknown>>[], strength: 'FOR UPDATE' | 'FOR NO KEY UPDATE'): Promise<void> {
  if (!keys.length) return;
  const column = (name: string) => Prisma.raw(`"${name.replaceAll('"', '')}"`);
  const columns = Object.keys(keys[0]!);
  const tuple = Prisma.join(columns.map(column));
  for (let start = 0; start < keys.length; start += KEYS_PER_LOCK) {
    const values = Prisma.join(keys.slice(start, start + KEYS_PER_LOCK).map((key) => Prisma.sql`(${Prisma.join(columns.map((name) => key[name]))})`));
    await tx.$queryRaw(Prisma.sql`SELECT 1 FROM ${column(table)} WHERE (${tuple}) IN (${values}) ORDER BY ${tuple} ${Prisma.raw(strength)}`);
  }
}
