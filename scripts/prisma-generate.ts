// Generates one Prisma client per provider (and the Pothos types) from prisma/models.prisma.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prismaSchemaFor, projectRoot, providers } from '../src/db/prisma-schema.ts';

const buildDir = `${projectRoot}node_modules/.herald-prisma`;
mkdirSync(buildDir, { recursive: true });
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

for (const provider of providers) {
  const schemaPath = `${buildDir}/${provider}.prisma`;
  writeFileSync(schemaPath, prismaSchemaFor(provider, { withGenerators: true }));
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
    stdio: 'inherit',
    env: {
      ...process.env,
      // `prisma generate` needs no schema engine, yet the CLI downloads one for every command,
      // which fails offline. Any existing executable satisfies the check.
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
}
