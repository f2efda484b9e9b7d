// Writes a new migration per provider: the SQL from the committed migrations to prisma/models.prisma.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isEmptyMigration, lockFileContent, migrationDrift, migrationLockFile } from '../src/db/migrate.ts';
import { migrationsDir, projectRoot, providers } from '../src/db/prisma-schema.ts';

const name = (process.argv[2] ?? '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
if (!name) {
  console.error('Usage: npm run migrate:create -- <name>');
  process.exit(1);
}
const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

for (const provider of providers) {
  const sql = await migrationDrift(provider);
  if (isEmptyMigration(sql)) {
    console.log(`${provider}: no changes, no migration written`);
    continue;
  }
  const baseDir = migrationsDir(provider);
  const dir = join(baseDir, `${timestamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql);
  const lockFile = join(baseDir, migrationLockFile);
  const lockExists = await access(lockFile).then(() => true, () => false);
  if (!lockExists) {
    await writeFile(lockFile, lockFileContent(provider));
  }
  console.log(`${provider}: wrote ${relative(projectRoot, join(dir, 'migration.sql'))}`);
}
