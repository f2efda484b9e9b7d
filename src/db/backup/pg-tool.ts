import { spawn } from 'node:child_process';
import { BackupError } from './backup-error.ts';
import type { LibpqConnection } from './libpq-connection.ts';

export type PgTool = 'pg_dump' | 'pg_restore';

/** The major version of the tool found on PATH, or a BackupError saying how to install it. */
export async function pgToolMajorVersion(tool: PgTool, serverMajor: number): Promise<number> {
  const { code, stdout } = await run(tool, ['--version'], {}).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new BackupError(
      `${tool} was not found on PATH. Backups of PostgreSQL need the PostgreSQL ${serverMajor} client tools ` +
        `(Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}; macOS: brew install libpq).`,
    );
  });
  const major = /\(PostgreSQL\) (\d+)/.exec(stdout)?.[1];
  if (code !== 0 || !major) throw new BackupError(`${tool} --version did not report a PostgreSQL version: ${stdout.trim()}`);
  return Number(major);
}

/**
 * pg_dump refuses a server newer than itself ("server version mismatch"), and an archive
 * written by a newer pg_dump may not be readable by an older pg_restore: ask for a client
 * at least as new as the server.
 */
export async function requirePgTool(tool: PgTool, serverMajor: number): Promise<void> {
  const toolMajor = await pgToolMajorVersion(tool, serverMajor);
  if (toolMajor < serverMajor) {
    throw new BackupError(
      `${tool} ${toolMajor} cannot be used with a PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor} ` +
        `and put its bin directory first on PATH (Debian: /usr/lib/postgresql/${serverMajor}/bin).`,
    );
  }
}

/** Runs the tool against the database; a failure carries what it printed, the password removed. */
export async function runPgTool(tool: PgTool, args: string[], connection: LibpqConnection): Promise<void> {
  // Never prompt for a password: a backup run by cron would wait forever.
  const { code, stderr } = await run(tool, [...args, '--no-password', `--dbname=${connection.uri}`], connection.env);
  if (code !== 0) throw new BackupError(`${tool} failed (exit code ${code}):\n${connection.redact(stderr.trim())}`);
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
