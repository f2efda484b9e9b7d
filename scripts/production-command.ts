import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../src/db/prisma-schema.ts';

/**
 * How `npm start` runs Herald: package.json's start script is `exec node <flags> dist/main.js` with
 * these flags (test/production-runtime.test.ts holds the two together). Benchmarks run the same.
 * - `--liftoff-only`: Prisma's query compiler is WebAssembly; V8's optimising tier would add
 *   about 70 MB of machine code for it, and its query plans are cached, so it runs rarely.
 * - `--max-semi-space-size=8`: a young generation of at most 3 × 8 MB instead of 3 × 16 MB,
 *   10–20 MB less resident memory, with no difference under load that bench:http can see.
 * - `--enable-source-maps`: stack traces in logs name src/ files and lines.
 */
export const builtEntryPoint = 'dist/main.js';
export const productionNodeFlags = ['--liftoff-only', '--max-semi-space-size=8', '--enable-source-maps'];

/**
 * Compiles src/ into `outdir` (relative to the project root): plain JavaScript that node runs
 * with no TypeScript loader. esbuild only strips types; `npm run typecheck` checks them.
 */
export async function buildHerald(outdir = 'dist'): Promise<string> {
  const target = isAbsolute(outdir) ? outdir : join(projectRoot, outdir);
  rmSync(target, { recursive: true, force: true });
  await build({
    absWorkingDir: projectRoot,
    entryPoints: ['src/main.ts'],
    outdir: target,
    bundle: true,
    // Dependencies stay in node_modules, loaded by node as usual.
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // A dynamic import() becomes its own file, loaded only when reached: the Prisma client of the
    // database not in use, the OpenAI provider while the offline one serves, Redis when unset.
    splitting: true,
    sourcemap: true,
    // Stack traces need only the mappings: node holds every map in memory, and the sources it would hold as well are in src/.
    sourcesContent: false,
    logLevel: 'warning',
  });
  return join(target, 'main.js');
}
