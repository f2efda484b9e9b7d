import Database from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath } from '../../src/db/adapter.ts';
import { readMigrations } from '../../src/db/migrate.ts';
import { schemaFilterFor, withSchemaEngine } from '../../src/db/schema-engine.ts';

/** Applies the committed migrations up to and including `lastMigration` (a folder name), like an older release would. */
export async function migrateUpTo(databaseUrl: string, lastMigration: string): Promise<string[]> {
  const provider = providerOf(databaseUrl);
  const all = await readMigrations(provider);
  const migrationDirectories = all.migrationDirectories.filter((migration) => migration.path <= lastMigration);
  if (!migrationDirectories.some((migration) => migration.path === lastMigration)) throw new Error(`No migration named ${lastMigration}`);
  const { appliedMigrationNames } = await withSchemaEngine(provider, databaseUrl, (engine) =>
    engine.applyMigrations({ migrationsList: { ...all, migrationDirectories }, filters: schemaFilterFor(provider) }),
  );
  return appliedMigrationNames;
}

export interface RawDatabase {
  /** Runs statements without parameters: write the SQL both databases accept (double-quoted names, single-quoted values). */
  exec(sql: string): Promise<void>;
  all<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** Plain SQL on a test database, for rows of a schema the generated client no longer matches. */
export async function openRaw(databaseUrl: string): Promise<RawDatabase> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const db = new Database(sqliteFilePath(databaseUrl));
    return {
      exec: async (sql) => void db.exec(sql),
      all: async <Row>(sql: string) => db.prepare(sql).all() as Row[],
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    all: async <Row>(sql: string) => (await client.query(sql)).rows as Row[],
    close: () => client.end(),
  };
}
