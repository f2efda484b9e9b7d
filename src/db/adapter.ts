import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseProvider } from './prisma-schema.ts';

export function providerOf(databaseUrl: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  // Only the scheme: the rest of a URL may hold a password.
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${databaseUrl.split(':')[0]}:…"`);
}

/** The URL without its credentials or query string, fit for a log line. */
export function describeDatabaseUrl(databaseUrl: string): string {
  if (providerOf(databaseUrl) === 'sqlite') return databaseUrl.replace(/\?.*$/, '');
  const url = new URL(databaseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The file path of a `file:` URL, relative paths taken from the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  return resolve(databaseUrl.slice('file:'.length).replace(/\?.*$/, ''));
}

/** The SQLite file holds password hashes: readable by its owner only. */
export function restrictSqliteFile(databaseUrl: string): void {
  if (providerOf(databaseUrl) !== 'sqlite') return;
  const file = sqliteFilePath(databaseUrl);
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** A driver adapter factory for the URL; also what the schema engine migrates through. */
export function createAdapterFactory(databaseUrl: string) {
  if (providerOf(databaseUrl) === 'postgresql') return new PrismaPg({ connectionString: databaseUrl });
  const file = sqliteFilePath(databaseUrl);
  mkdirSync(dirname(file), { recursive: true });
  return new SqliteAdapterFactory({ url: file, timeout: 5000 });
}

// The SQLite build inside better-sqlite3 accepts 32766 bound values, but the adapter does not say
// so and Prisma then assumes 999: a nested page of ~1000 rows would fail with P2029.
const SQLITE_MAX_VARIABLE_NUMBER = 32_766;

class SqliteAdapterFactory extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    return Object.assign(adapter, {
      getConnectionInfo: () => ({ maxBindValues: SQLITE_MAX_VARIABLE_NUMBER, supportsRelationJoins: false }),
    });
  }
}
