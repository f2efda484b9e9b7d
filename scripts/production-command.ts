import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../src/db/prisma-schema.ts';

/**
 * How `npm start` runs Herald: package.json's start script is `exec node <flags> dist/main.js` with
 * these flags (test/production-runtime.test.ts holds the two together). Benchmarks run the same.
 * - `--liftoff-only`: Prisma's query compiler is WebAssembly; V8's optimising tier would add
 *   about 70 MB of machine code for it, and its query plans are cached, so it runs rarely.
 * - No `--max-semi-space-size`: V8's own young generation (16 MB semi-spaces on a 64-bit machine
 *   with memory to spare). Halved, it saved about 12 MB idle, but an event fanned out to 1,000
 *   subscribers then outlived twice as many scavenges: twice the promotion to the old generation
 *   (about 22 against 12 MB/s in bench:subscriptions) and a full collection every ~5 s, whose
 *   ~100 ms on one core was the p99 of the event it fell on.
 * - `--enable-source-maps`: stack traces in logs name src/ files and lines.
 */
export const builtEntryPoint = 'dist/main.js';
export const productionNodeFlags = ['--liftoff-only', '--enable-source-maps'];

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
