import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseProvider } from '../../src/db/prisma-schema.ts';

export const testProvider: DatabaseProvider = process.env.TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';

/** The PostgreSQL server tests create their throwaway databases on (as the OS user by default). */
export const postgresAdminUrl = withDefaultUser(process.env.TEST_POSTGRES_URL ?? 'postgresql://127.0.0.1:5432/postgres');

function withDefaultUser(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  // node-postgres falls back to $USER, which is not always set (CI, containers).
  if (!url.username) url.username = userInfo().username;
  return url.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let postgresReachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; CI must have it, so there a missing server fails loudly. */
export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${postgresAdminUrl} does not answer: ${error}`);
      console.warn(`SKIPPING PostgreSQL tests: ${postgresAdminUrl} does not answer (${error}). Start PostgreSQL to run them.`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresReachable;
}

/** Set when the suite runs on PostgreSQL and none answers (outside CI): database suites skip, saying why. */
export const databaseMissing = testProvider === 'postgresql' && !(await isPostgresReachable());

/** A fresh, empty database of the provider under test: a temp SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(provider: DatabaseProvider = testProvider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'herald-test-'));
    return { url: `file:${join(dir, 'herald.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
