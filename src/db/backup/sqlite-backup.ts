import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { restrictSqliteFile, sqliteFilePath } from '../adapter.ts';
import { BackupError } from './backup-error.ts';

// After its first step better-sqlite3 copies as many pages per step as the progress callback
// returns. A write by another connection between steps restarts the copy, so under steady
// writes a small-step backup might never finish: copy the rest in one step instead (one read
// transaction, a consistent snapshot).
const ALL_PAGES = 0x7fffffff;

/** Copies the live database with SQLite's online backup API: consistent while the server writes. */
export async function backupSqlite(databaseUrl: string, destination: string): Promise<void> {
  const source = openExisting(sqliteFilePath(databaseUrl), { readonly: true });
  try {
    await source.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

/**
 * Copies a backup over the database through the backup API (not a file copy, which would race
 * the target's -wal/-shm files), after checking the backup and that the target is empty.
 */
export async function restoreSqlite(databaseUrl: string, file: string, { force }: { force: boolean }): Promise<void> {
  const targetPath = sqliteFilePath(databaseUrl);
  if (resolve(file) === targetPath) throw new BackupError('The backup file is the database itself');
  const backup = openExisting(file, { readonly: true });
  try {
    assertIntact(backup, `The backup ${file}`);
    if (!force && existsSync(targetPath)) {
      const tables = tableNames(openExisting(targetPath, { readonly: true }));
      if (tables.length > 0) throw new BackupError(`The database ${targetPath} is not empty (${tables.length} tables): pass --force to replace it`);
    }
    mkdirSync(dirname(targetPath), { recursive: true });
    await backup.backup(targetPath, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
  const restored = openExisting(targetPath, { readonly: true });
  try {
    assertIntact(restored, `The restored database ${targetPath}`);
  } finally {
    restored.close();
  }
  restrictSqliteFile(databaseUrl);
}

function openExisting(path: string, { readonly }: { readonly: boolean }): Database.Database {
  try {
    // The timeout waits out a writer's lock instead of failing with SQLITE_BUSY.
    return new Database(path, { readonly, fileMustExist: true, timeout: 10_000 });
  } catch (error) {
    throw new BackupError(`Cannot open the SQLite database ${path}: ${(error as Error).message}`);
  }
}

function tableNames(db: Database.Database): string[] {
  try {
    return db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((row) => row.name);
  } finally {
    db.close();
  }
}

function assertIntact(db: Database.Database, what: string): void {
  let problems: { integrity_check: string }[];
  try {
    problems = db.pragma('integrity_check') as { integrity_check: string }[];
  } catch (error) {
    throw new BackupError(`${what} failed PRAGMA integrity_check: ${(error as Error).message}`);
  }
  if (problems.length === 1 && problems[0].integrity_check === 'ok') return;
  throw new BackupError(`${what} failed PRAGMA integrity_check:\n${problems.slice(0, 10).map((row) => `  ${row.integrity_check}`).join('\n')}`);
}
