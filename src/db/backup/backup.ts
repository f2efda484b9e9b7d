import { providerOf } from '../adapter.ts';
import { migrateDatabase } from '../migrate.ts';
import { BackupError } from './backup-error.ts';
import { backupFormatOf, writeBackupFile } from './backup-file.ts';
import { backupPostgres, restorePostgres } from './postgres-backup.ts';
import { backupSqlite, restoreSqlite } from './sqlite-backup.ts';

export { BackupError };

export interface BackupOptions {
  /** Overwrite an existing backup file / replace a database that is not empty. */
  force?: boolean;
}

/** Backs up the database at `databaseUrl` into `file` while it stays in use; returns the file's absolute path. */
export function backupDatabase(databaseUrl: string, file: string, { force = false }: BackupOptions = {}): Promise<string> {
  const backup = providerOf(databaseUrl) === 'postgresql' ? backupPostgres : backupSqlite;
  return writeBackupFile(file, { force }, (partialPath) => backup(databaseUrl, partialPath));
}

/**
 * Restores `file` into the database at `databaseUrl`, which must be empty unless `force`, then
 * applies the migrations the backup predates. Stop the servers first: they would keep serving
 * what they cached, and on PostgreSQL their open transactions would block the restore.
 */
export async function restoreDatabase(databaseUrl: string, file: string, { force = false }: BackupOptions = {}): Promise<{ appliedMigrations: string[] }> {
  const provider = providerOf(databaseUrl);
  const format = await backupFormatOf(file);
  const expected = provider === 'postgresql' ? 'pg_dump' : 'sqlite';
  if (format !== expected) throw new BackupError(`${file} is a ${format === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup, but DATABASE_URL is a ${provider} database`);
  if (provider === 'postgresql') await restorePostgres(databaseUrl, file, { force });
  else await restoreSqlite(databaseUrl, file, { force });
  const { applied } = await migrateDatabase(databaseUrl);
  return { appliedMigrations: applied };
}
