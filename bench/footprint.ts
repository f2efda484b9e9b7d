// npm run bench:footprint: what an idle Herald costs to run, as `npm start` runs it. For each
// database: the time from spawning the process to a 200 on /health on an existing database, the
// resident memory of the idle server, and the same after 1,000 queries.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { print } from 'graphql';
import type { DatabaseProvider } from '../src/db/prisma-schema.ts';
import { GraphQLClient } from '../test/support/client.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/database.ts';
import { createContent, seedTenant } from '../test/support/fixtures.ts';
import { Dashboard } from '../test/support/operations.ts';
import { TEST_JWT_SECRET } from '../test/support/server.ts';
import { buildHerald, builtEntryPoint, productionNodeFlags } from '../scripts/production-command.ts';
import { type RunningServer, startServer } from './http/server-process.ts';
import { BusinessOverview } from './http/scenarios.ts';
import { settledMemory } from './subscriptions/server-memory.ts';

const STARTS = Number(process.env.BENCH_FOOTPRINT_STARTS ?? 5);
const QUERIES = Number(process.env.BENCH_FOOTPRINT_QUERIES ?? 1_000);
const SETTLE_MS = 3_000;
// V8 may hand back what a burst of work left behind once the process has been idle a while (its
// memory reducer), or keep the garbage until its next major collection: what the server holds is
// read after full collections, asked for through the inspector that SIGUSR1 opens.
const IDLE_AFTER_QUERIES_MS = 30_000;
const CONCURRENCY = 4;
const goals = { idleMiB: 150, startMs: 1_500, growth: 0.1 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Resident set size of one process, from ps (Linux and macOS). */
function residentMiB(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

function start(databaseUrl: string): Promise<RunningServer> {
  return startServer({
    name: 'Herald',
    script: builtEntryPoint,
    nodeArgs: productionNodeFlags,
    env: { DATABASE_URL: databaseUrl, JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    pollMs: 10,
  });
}

interface Footprint {
  provider: DatabaseProvider;
  startMs: number[];
  idleMiB: number[];
  /** Right after the last query, once idle, and after full garbage collections. */
  busyMiB: number;
  idleAfterQueriesMiB: number;
  afterQueriesMiB: number;
}

/** Resident memory after full collections, through the inspector SIGUSR1 opens (127.0.0.1:9229). */
async function collectedMiB(server: RunningServer): Promise<number> {
  server.child.kill('SIGUSR1');
  for (let waited = 0; !server.output().includes('Debugger listening on'); waited += 50) {
    if (waited > 5_000) throw new Error(`no inspector after SIGUSR1:\n${server.output()}`);
    await sleep(50);
  }
  return (await settledMemory(server.child.pid!, server.output())).rssKiB / 1024;
}

async function measure(provider: DatabaseProvider): Promise<Footprint> {
  const database = await createTestDatabase(provider);
  try {
    // The first start creates and migrates the database; the measured ones find it ready.
    const first = await start(database.url);
    const client = new GraphQLClient(`${first.baseUrl}/graphql`);
    const { user, business, campaign } = await seedTenant(client);
    for (let day = 2; day <= 5; day++) await createContent(client, user, campaign.id, day);
    await first.stop();

    const startMs: number[] = [];
    const idleMiB: number[] = [];
    let server: RunningServer | undefined;
    for (let i = 0; i < STARTS; i++) {
      await server?.stop();
      server = await start(database.url);
      startMs.push(server.startupMs);
      await sleep(SETTLE_MS);
      idleMiB.push(residentMiB(server.child.pid!));
    }

    // The last start serves the queries: a dashboard and a smaller overview, four clients at a time.
    const api = new GraphQLClient(`${server!.baseUrl}/graphql`);
    const documents = [
      { query: print(Dashboard), variables: { businesses: 5, campaigns: 5, contents: 5 } },
      { query: BusinessOverview, variables: { businessId: business.id } },
    ];
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < QUERIES) {
          const { query, variables } = documents[sent++ % documents.length]!;
          const response = await api.raw(query, variables, { token: user.token });
          if (response.errors || response.status !== 200) throw new Error(`query failed: ${JSON.stringify(response)}`);
        }
      }),
    );
    const busyMiB = residentMiB(server!.child.pid!);
    await sleep(IDLE_AFTER_QUERIES_MS);
    const idleAfterQueriesMiB = residentMiB(server!.child.pid!);
    const afterQueriesMiB = await collectedMiB(server!);
    await server!.stop();
    return { provider, startMs, idleMiB, busyMiB, idleAfterQueriesMiB, afterQueriesMiB };
  } finally {
    await database.drop();
  }
}

await buildHerald();
const providers: DatabaseProvider[] = ['sqlite', ...((await isPostgresReachable()) ? (['postgresql'] as const) : [])];
const results: Footprint[] = [];
for (const provider of providers) results.push(await measure(provider));

const mib = (value: number) => `${value.toFixed(0)} MiB`;
const rows = results.map(({ provider, startMs, idleMiB, busyMiB, idleAfterQueriesMiB, afterQueriesMiB }) => {
  const idle = median(idleMiB);
  const growth = afterQueriesMiB / idle - 1;
  return {
    provider,
    start: median(startMs),
    idle,
    afterQueriesMiB,
    growth,
    line: [
      provider.padEnd(10),
      `${median(startMs)} ms (${Math.min(...startMs)}–${Math.max(...startMs)})`.padEnd(22),
      `${mib(idle)} (${mib(Math.min(...idleMiB))}–${mib(Math.max(...idleMiB))})`.padEnd(26),
      `${mib(busyMiB)}`.padEnd(8),
      `${mib(idleAfterQueriesMiB)}`.padEnd(12),
      `${mib(afterQueriesMiB)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %)`,
    ].join('  '),
  };
});
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
console.log(
  [
    'bench:footprint',
    `  ${process.version}, node ${productionNodeFlags.join(' ')} ${builtEntryPoint}; load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}`,
    `  ${STARTS} starts on an existing database (median, range), idle = ${SETTLE_MS / 1000} s after /health; then ${QUERIES} queries,`,
    `  resident memory right after them (busy), after ${IDLE_AFTER_QUERIES_MS / 1000} s idle, and after full garbage collections (held)`,
    '',
    `${'database'.padEnd(10)}  ${'start to /health'.padEnd(22)}  ${'idle resident memory'.padEnd(26)}  ${'busy'.padEnd(8)}  ${'idle'.padEnd(12)}  held after ${QUERIES} queries`,
    ...rows.map((row) => row.line),
    '',
    'Goals',
    ...rows.flatMap((row) => [
      `  ${row.provider}: start ≤ ${goals.startMs} ms: ${verdict(row.start <= goals.startMs)}`,
      `  ${row.provider}: idle ≤ ${goals.idleMiB} MiB: ${verdict(row.idle <= goals.idleMiB)}`,
      `  ${row.provider}: growth after ${QUERIES} queries ≤ ${goals.growth * 100} %: ${verdict(row.growth <= goals.growth)}`,
    ]),
  ].join('\n'),
);
