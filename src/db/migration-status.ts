import { readdirSync } from 'node:fs';
import { providerOf } from './adapter.ts';
import type { PrismaClient } from './client.ts';
import { migrationsDir } from './prisma-schema.ts';

export interface MigrationStatus {
  /** The committed migrations the database has not finished applying: all of them on a new database. */
  pending(client: PrismaClient): Promise<string[]>;
}

/**
 * Reads `_prisma_migrations`, where the schema engine records what it applied, so a start on an
 * up-to-date database never loads the engine (about 30 MB of WebAssembly) and readiness can say
 * whether the schema is the one this code was built for.
 */
export function createMigrationStatus(databaseUrl: string): MigrationStatus {
  const provider = providerOf(databaseUrl);
  // The committed migrations ship with the code: read once.
  const committed = readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const tableExists =
    provider === 'postgresql'
      ? `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`
      : `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations') AS "exists"`;
  return {
    async pending(client) {
      const [{ exists }] = await client.$queryRawUnsafe<{ exists: boolean | number | bigint }[]>(tableExists);
      if (!exists) return committed;
      const rows = await client.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      return committed.filter((name) => !applied.has(name));
    },
  };
}
