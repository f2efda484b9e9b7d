import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { Database } from 'better-sqlite3';
import { getLoadablePath } from 'sqlite-vec';
import { sqliteFilePath } from './adapter.ts';

// The SQLite build inside better-sqlite3 accepts 32766 bound values, but the adapter does not say
// so and Prisma then assumes 999: a nested page of ~1000 rows would fail with P2029.
const SQLITE_MAX_VARIABLE_NUMBER = 32_766;

class SqliteAdapterFactory extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    // sqlite-vec's vector functions (vec_distance_cosine) for semantic search, on every connection.
    (adapter as unknown as { client: Database }).client.loadExtension(getLoadablePath());
    return Object.assign(adapter, {
      getConnectionInfo: () => ({ maxBindValues: SQLITE_MAX_VARIABLE_NUMBER, supportsRelationJoins: false }),
    });
  }
}

/** The adapter factory for a `file:` URL, its directory created first (the engine fails without it). */
export function createSqliteAdapterFactory(databaseUrl: string) {
  const file = sqliteFilePath(databaseUrl);
  mkdirSync(dirname(file), { recursive: true });
  return new SqliteAdapterFactory({ url: file, timeout: 5000 });
}
