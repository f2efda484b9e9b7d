import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHerald, builtEntryPoint, productionNodeFlags } from '../scripts/production-command.ts';
import { projectRoot } from '../src/db/prisma-schema.ts';
import { createTestDatabase, databaseMissing, type TestDatabase, testProvider } from './support/database.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

// `npm start` as an operator runs it: the built JavaScript, one node process, no TypeScript loader.
// Each project (SQLite, PostgreSQL) builds into a directory of its own, so the two never race.
const scratch = mkdtempSync(join(tmpdir(), 'herald-built-'));
let entryPoint: string;

beforeAll(async () => {
  entryPoint = await buildHerald(join(projectRoot, 'node_modules', `.herald-build-${testProvider}`));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface BuiltServer extends ServerProcess {
  origin: string;
  /** Every module URL the process resolved so far. */
  imports(): string[];
}

let runs = 0;

async function startBuilt(database: TestDatabase, env: Record<string, string> = {}): Promise<BuiltServer> {
  const importsFile = join(scratch, `imports-${++runs}.txt`);
  const server = await spawnServer(
    { DATABASE_URL: database.url, RECORD_IMPORTS_FILE: importsFile, ...env },
    [...productionNodeFlags, '--import', './test/support/record-imports.mjs', entryPoint],
  );
  return { ...server, origin: new URL(server.url).origin, imports: () => readFileSync(importsFile, 'utf8').trim().split('\n') };
}

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};

const postQuery = (origin: string, query: string) =>
  fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

describe.skipIf(databaseMissing)('the production runtime', () => {
  it('is what npm start runs: node with the production flags on the built entry point', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    // exec: a SIGTERM sent to npm must reach node, not stop at the shell npm runs the script in.
    expect(scripts.start).toBe(['exec', 'node', ...productionNodeFlags, builtEntryPoint].join(' '));
    expect(scripts.postinstall).toMatch(/npm run generate/);
    expect(scripts.generate).toMatch(/npm run build$/);
  });

  it('migrates a new database, and on the next start loads neither the schema engine nor what is switched off', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startBuilt(database);
      // The control: a new database needs the engine, and the recorder sees it load.
      expect(first.imports().some((url) => url.includes('schema-engine-wasm'))).toBe(true);
      expect(await first.stop()).toBe(0);

      const second = await startBuilt(database);
      expect(await getJson(`${second.origin}/ready`)).toEqual({
        status: 200,
        body: { status: 'ready', database: 'ok', redis: 'not configured' },
      });
      expect(await (await postQuery(second.origin, '{ __typename }')).json()).toEqual({ data: { __typename: 'Query' } });
      const loaded = second.imports();
      const otherProvider = testProvider === 'sqlite' ? 'postgresql' : 'sqlite';
      const otherDriver = testProvider === 'sqlite' ? ['/node_modules/@prisma/adapter-pg/', '/node_modules/pg/'] : ['/node_modules/@prisma/adapter-better-sqlite3/', '/node_modules/better-sqlite3/'];
      // GraphiQL's bundle (9 MB of strings), the MCP SDK and the REST surface are loaded by the first request that needs them, if any.
      const lazy = ['/node_modules/@graphql-yoga/render-graphiql/', '/node_modules/@modelcontextprotocol/', '/node_modules/sofa-api/', '/node_modules/fets/'];
      for (const unwanted of ['schema-engine-wasm', '/node_modules/openai/', '/node_modules/ioredis/', ...lazy, `query_compiler_fast_bg.${otherProvider}`, ...otherDriver]) {
        expect(loaded.filter((url) => url.includes(unwanted)), unwanted).toEqual([]);
      }
      expect(loaded.some((url) => url.includes(`query_compiler_fast_bg.${testProvider}`))).toBe(true);
      // The MCP endpoint's own chunk loads with its first request.
      expect((await fetch(`${second.origin}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
      expect(second.imports().some((url) => url.includes('/node_modules/@modelcontextprotocol/'))).toBe(true);
      // And the REST surface with its first request: the OpenAPI document, built from the schema then.
      const openApi = await getJson(`${second.origin}/api/openapi.json`);
      expect(openApi.status).toBe(200);
      expect((openApi.body as { info: { title: string } }).info.title).toBe('Herald REST API');
      expect(second.imports().some((url) => url.includes('/node_modules/sofa-api/'))).toBe(true);
      expect(await second.stop()).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it('answers 503 on /ready from the moment SIGTERM arrives, keeps serving through the drain, then exits 0', async () => {
    const database = await createTestDatabase();
    try {
      const server = await startBuilt(database, { SHUTDOWN_DRAIN_SECONDS: '2' });
      expect((await getJson(`${server.origin}/ready`)).status).toBe(200);
      const signalled = Date.now();
      const exited = server.stop();
      let ready = await getJson(`${server.origin}/ready`);
      while (ready.status === 200 && Date.now() - signalled < 1_000) ready = await getJson(`${server.origin}/ready`);
      expect(ready).toEqual({ status: 503, body: { status: 'shutting down' } });
      // Draining, not gone: liveness and requests still answer.
      expect((await getJson(`${server.origin}/health`)).status).toBe(200);
      expect((await postQuery(server.origin, '{ __typename }')).status).toBe(200);
      expect(await exited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(2_000);
    } finally {
      await database.drop();
    }
  });
});
