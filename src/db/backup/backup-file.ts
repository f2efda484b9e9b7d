import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BackupError } from './backup-error.ts';

/**
 * Writes a backup beside `file` under a temporary name and renames it into place once complete,
 * so an interrupted backup never leaves a truncated file where a good one is expected. Backups
 * hold password hashes and API key hashes: readable by their owner only.
 */
export async function writeBackupFile(file: string, { force }: { force: boolean }, write: (partialPath: string) => Promise<void>): Promise<string> {
  const target = resolve(file);
  const directory = await stat(dirname(target)).catch(() => null);
  if (!directory?.isDirectory()) throw new BackupError(`Cannot write ${file}: the directory ${dirname(target)} does not exist`);
  if (!force && (await stat(target).catch(() => null))) throw new BackupError(`${file} already exists: pass --force to overwrite it`);
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    // Created private before a byte is written: pg_dump and SQLite keep the mode of a file they open.
    await (await open(partial, 'wx', 0o600)).close();
    await write(partial);
    await chmod(partial, 0o600);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return target;
}

export type BackupFormat = 'sqlite' | 'pg_dump';

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_DUMP_MAGIC = 'PGDMP';

/** What a backup file holds, told by its first bytes; fails clearly on a missing or foreign file. */
export async function backupFormatOf(file: string): Promise<BackupFormat> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BackupError(error.code === 'ENOENT' ? `No backup at ${file}` : `Cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    const header = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0).catch((error: NodeJS.ErrnoException) => {
      throw new BackupError(`Cannot read ${file}: ${error.code ?? error.message}`);
    });
    const start = header.subarray(0, bytesRead).toString('latin1');
    if (start === SQLITE_MAGIC) return 'sqlite';
    if (start.startsWith(PG_DUMP_MAGIC)) return 'pg_dump';
    throw new BackupError(`${file} is neither a SQLite database nor a pg_dump custom-format archive`);
  } finally {
    await handle.close();
  }
}
