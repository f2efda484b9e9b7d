import type { Prisma } from '../generated/prisma-postgresql/client.ts';
import { providerOf } from './adapter.ts';

/**
 * A `contains` filter that ignores letter case on both databases: SQLite's LIKE already does (for
 * ASCII letters), PostgreSQL needs Prisma's insensitive mode, which the SQLite client refuses.
 */
export function containsIgnoringCase(databaseUrl: string, text: string): Prisma.StringFilter {
  return providerOf(databaseUrl) === 'postgresql' ? { contains: text, mode: 'insensitive' } : { contains: text };
}
