import { describe, expect, it } from 'vitest';
import { isEmptyMigration, migrationDrift } from '../src/db/migrate.ts';
import { providers } from '../src/db/prisma-schema.ts';
import { isPostgresReachable } from './support/database.ts';

describe.each(providers)('committed %s migrations', (provider) => {
  it('match prisma/models.prisma (run `npm run migrate:create -- <name>` after a model change)', async (context) => {
    if (provider === 'postgresql' && !(await isPostgresReachable())) context.skip();
    const drift = await migrationDrift(provider);
    expect(isEmptyMigration(drift), `pending changes:\n${drift}`).toBe(true);
  });

  it('would notice a model change', async (context) => {
    if (provider === 'postgresql' && !(await isPostgresReachable())) context.skip();
    const { prismaSchemaFor } = await import('../src/db/prisma-schema.ts');
    const changed = prismaSchemaFor(provider).replace('  fullName     String', '  fullName     String\n  nickname     String?');
    expect(await migrationDrift(provider, changed)).toMatch(/ADD COLUMN\s+"nickname"/);
  });
});
