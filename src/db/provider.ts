import type { DatabaseProvider } from './prisma-schema.ts';

let opened: DatabaseProvider | undefined;

/** Recorded by openDatabase: the database the process's client talks to. */
export function setDatabaseProvider(provider: DatabaseProvider): void {
  opened = provider;
}

/** The database the process's client talks to; openDatabase must have run first. */
export function databaseProvider(): DatabaseProvider {
  if (!opened) throw new Error('Database is not open: call openDatabase() first');
  return opened;
}
