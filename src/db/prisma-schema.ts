import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseProvider = 'sqlite' | 'postgresql';
export const providers: readonly DatabaseProvider[] = ['sqlite', 'postgresql'];

/** The nearest directory above this module with a package.json: the same from src/ and from the built dist/. */
function findProjectRoot(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir.endsWith(sep) ? dir : dir + sep;
  if (dirname(dir) === dir) throw new Error('Herald cannot find its package.json above ' + fileURLToPath(import.meta.url));
  return findProjectRoot(dirname(dir));
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const modelsPath = `${projectRoot}prisma/models.prisma`;
export const migrationsDir = (provider: DatabaseProvider) => `${projectRoot}prisma/migrations/${provider}`;
export const generatedClientDir = (provider: DatabaseProvider) => `${projectRoot}src/generated/prisma-${provider}`;

/**
 * One models file serves both databases: a Prisma 7 client is tied to its provider, so each
 * provider gets the shared models behind its own datasource and generator header.
 */
export function prismaSchemaFor(provider: DatabaseProvider, { withGenerators = false } = {}): string {
  const header = [`datasource db {\n  provider = "${provider}"\n}`];
  if (withGenerators) {
    header.push(
      `generator client {\n  provider     = "prisma-client"\n  output       = "${generatedClientDir(provider)}"\n  moduleFormat = "esm"\n  importFileExtension = "ts"\n${
        // On PostgreSQL a nested read is one statement with lateral joins (and per-parent LIMITs).
        provider === 'postgresql' ? '  previewFeatures = ["relationJoins"]\n' : ''
      }}`,
      // Types the Json columns with src/domain/json-columns.ts (after the client, which it rewrites).
      `generator json {\n  provider = "prisma-json-types-generator"\n}`,
    );
    // Pothos types come from one client only; both clients expose the same model API.
    if (provider === 'postgresql') {
      header.push(
        `generator pothos {\n  provider          = "prisma-pothos-types"\n  clientOutput      = "./prisma-postgresql/client.js"\n  output            = "${projectRoot}src/generated/pothos-types.ts"\n  generateDatamodel = true\n}`,
      );
    }
  }
  return `${header.join('\n\n')}\n\n${readFileSync(modelsPath, 'utf8')}`;
}
