import { Prisma } from '../generated/prisma-postgresql/client.ts';

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
