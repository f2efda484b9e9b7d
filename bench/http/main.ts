// npm run bench:http: Herald as a separate process under autocannon load, against a baseline of
// node:http + hand-written SQL answering the same JSON, for each database and shape.
// See README "Performance" for what it measures and its knobs.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { DatabaseProvider } from '../../src/db/prisma-schema.ts';
import { isPostgresReachable } from '../../test/support/database.ts';
import { TEST_JWT_SECRET } from '../../test/support/server.ts';
import { buildHerald, builtEntryPoint, productionNodeFlags } from '../../scripts/production-command.ts';
import { detectCpuPinning } from './cpu-pinning.ts';
import { mainThreadProfile } from './cpu-profile-file.ts';
import { measure } from './measure.ts';
import { formatScenario, formatSummary, type ScenarioResult } from './report.ts';
import { requestFor, type Scenario, send } from './scenarios.ts';
import { seedDatabase } from './seed.ts';
import { readSettings } from './settings.ts';
import { type RunningServer, startServer } from './server-process.ts';
import { countStatements } from './statements.ts';
import { assertGraphQLSuccess, assertSameResponse } from './verify.ts';

const settings = readSettings();
// Herald runs as `npm start` runs it: the built dist/, rebuilt from the current src/.
await buildHerald();
const pinning = detectCpuPinning();

/** What an interrupted run must still stop and drop. */
const running = { servers: [] as RunningServer[], drop: undefined as (() => Promise<void>) | undefined };
let interrupted: Promise<never> | undefined;
// Ctrl-C reaches every process of the group and tsx relays it once more: later signals are ignored
// (a second default SIGINT would end the process before the database is dropped).
process.on('SIGINT', () => {
  interrupted ??= (async () => {
    console.error('\nInterrupted: stopping the servers and dropping the database');
    for (const server of running.servers) await server.stop();
    await running.drop?.().catch(() => {});
    process.exit(130);
  })();
});

async function benchScenario(provider: DatabaseProvider, scenario: Scenario): Promise<ScenarioResult> {
  const seeded = await seedDatabase(provider, scenario.shape);
  const servers: RunningServer[] = (running.servers = []);
  running.drop = () => seeded.database.drop();
  try {
    const request = requestFor(scenario, seeded.account);
    const statements = await countStatements(seeded.inProcess.origin, request);
    await seeded.inProcess.stop();

    const env = { DATABASE_URL: seeded.database.url, JWT_SECRET: TEST_JWT_SECRET };
    // One directory per run: every thread writes its own profile, and a fixed --cpu-prof-name
    // would let another thread's overwrite the main thread's.
    const profileDir = settings.cpuProfileDir && join(settings.cpuProfileDir, `herald-${provider}-${scenario.name}`);
    const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const herald = await startServer({
      name: 'Herald',
      script: builtEntryPoint,
      env: { ...env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      nodeArgs: [...productionNodeFlags, ...profileArgs],
      pin: pinning.server,
    });
    servers.push(herald);
    const baseline = await startServer({ name: 'baseline', script: 'bench/http/baseline-server.ts', env, pin: pinning.server });
    servers.push(baseline);

    const heraldAnswer = await send(herald.baseUrl, request);
    assertGraphQLSuccess('Herald', heraldAnswer);
    const sameness = assertSameResponse(heraldAnswer.body, (await send(baseline.baseUrl, request)).body);

    const { connections, durationSeconds, warmupSeconds } = settings;
    const options = { request, expectBody: heraldAnswer.body, connections, durationSeconds, warmupSeconds, pin: pinning.driver };
    const heraldRuns = await measure(herald.baseUrl, herald.child.pid!, options, { halfLoad: true });
    const baselineRuns = await measure(baseline.baseUrl, baseline.child.pid!, options);

    let profile: ScenarioResult['profile'];
    if (profileDir) {
      await herald.stop(); // the profile is written on the way out
      profile = { file: mainThreadProfile(profileDir, herald.child.pid!), startupSeconds: Math.ceil(herald.startupMs / 1000) };
    }

    return {
      provider,
      scenario,
      statements,
      herald: heraldRuns,
      baseline: { ...baselineRuns, sameness },
      profile,
    };
  } finally {
    await seeded.inProcess.stop();
    for (const server of servers) await server.stop();
    await seeded.database.drop();
    running.drop = undefined;
  }
}

console.log(
  [
    'bench:http',
    `  ${settings.durationSeconds} s per run after ${settings.warmupSeconds} s of warm-up, ${settings.connections} connections; half load is a fixed rate of half Herald's req/s`,
    `  databases: ${settings.databases.join(', ')}; shapes: ${settings.scenarios.map((scenario) => scenario.name).join(', ')}`,
    `  CPU: ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}; ${pinning.description}`,
    `  Herald: NODE_ENV=production LOG_LEVEL=warn${settings.cpuProfileDir ? `, CPU profiles in ${settings.cpuProfileDir}` : ''}`,
  ].join('\n'),
);

if (settings.databases.includes('postgresql') && !(await isPostgresReachable())) {
  throw new Error('PostgreSQL is required for bench:http (set BENCH_DATABASES=sqlite to run without it)');
}

const results: ScenarioResult[] = [];
try {
  for (const provider of settings.databases) {
    for (const scenario of settings.scenarios) {
      const result = await benchScenario(provider, scenario);
      results.push(result);
      console.log(formatScenario(result, settings.connections));
    }
  }
} catch (error) {
  // Interrupted, the load driver died with the rest of the group: that is no failure to report.
  if (interrupted) await interrupted;
  throw error;
}
console.log(formatSummary(results));
