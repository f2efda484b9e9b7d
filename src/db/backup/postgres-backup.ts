import { resolve } from 'node:path';
import pg from 'pg';
import { BackupError } from './backup-error.ts';
import { libpqConnection } from './libpq-connection.ts';
import { requirePgTool, runPgTool } from './pg-tool.ts';

// Schemas of the database's own: everything else (public, pgboss, ...) belongs to the app.
const userSchemas = `
  SELECT nspname::text AS name FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'`;

/** pg_dump's custom format: one consistent snapshot (a repeatable-read transaction) while the server writes. */
export async function backupPostgres(databaseUrl: string, destination: string): Promise<void> {
  const serverMajor = await withClient(databaseUrl, serverMajorVersion);
  await requirePgTool('pg_dump', serverMajor);
  await runPgTool('pg_dump', ['--format=custom', `--file=${destination}`], libpqConnection(databaseUrl));
}

/**
 * pg_restore into an empty database. With `force` everything the database holds is dropped
 * first: pg_restore's own --clean only drops what the archive holds, so tables of a newer
 * schema would survive and later migrations would collide with them.
 */
export async function restorePostgres(databaseUrl: string, file: string, { force }: { force: boolean }): Promise<void> {
  const serverMajor = await withClient(databaseUrl, serverMajorVersion);
  await requirePgTool('pg_restore', serverMajor);
  await withClient(databaseUrl, async (client) => {
    const contents = await describeContents(client);
    if (contents.length === 0) return;
    if (!force) throw new BackupError(`The database is not empty (${contents.join(', ')}): pass --force to replace it`);
    await dropEverything(client);
  });
  await runPgTool(
    'pg_restore',
    // Owners and grants name roles of the original server, which need not exist here.
    // An absolute path: a relative one starting with "-" would be taken for an option.
    ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', resolve(file)],
    libpqConnection(databaseUrl),
  );
}

async function serverMajorVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  return Math.floor(Number(rows[0].server_version_num) / 10_000);
}

/** What makes the database non-empty: its tables and sequences, and schemas other than an empty public. */
async function describeContents(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ relations: string; schemas: string[] }>(`
    SELECT
      (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN (SELECT name FROM (${userSchemas}) s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')) AS relations,
      ARRAY(SELECT name FROM (${userSchemas}) s WHERE name <> 'public' ORDER BY name) AS schemas`);
  const { relations, schemas } = rows[0];
  return [...(Number(relations) > 0 ? [`${relations} tables and sequences`] : []), ...schemas.map((schema) => `schema ${schema}`)];
}

async function dropEverything(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(userSchemas);
  await client.query('BEGIN');
  try {
    for (const { name } of rows) await client.query(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
    // pg_restore expects the public schema to exist, as in a database fresh from CREATE DATABASE.
    await client.query('CREATE SCHEMA public');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    // pg's messages name the host and user, never the password.
    throw new BackupError(`Cannot connect to PostgreSQL: ${(error as Error).message}`);
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
