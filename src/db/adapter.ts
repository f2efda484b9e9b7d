import { chmodSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
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

/**
 * The driver adapter factory for the URL. Only the driver of the database in use is loaded (pg or
 * better-sqlite3, each with its Prisma adapter).
 */
export async function loadAdapterFactory(databaseUrl: string): Promise<SqlDriverAdapterFactory> {
  if (providerOf(databaseUrl) === 'postgresql') return new (await import('@prisma/adapter-pg')).PrismaPg({ connectionString: databaseUrl });
  return (await import('./sqlite-adapter.ts')).createSqliteAdapterFactory(databaseUrl);
}
