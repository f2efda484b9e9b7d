// npm run bench:subscriptions: N graphql-ws subscribers on one topic, M events published by
// mutations; delivery, throughput, publish-to-receive latency and server memory per connection,
// for one instance and for two instances sharing PostgreSQL and Redis. See README "Performance".
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { DatabaseProvider } from '../src/db/prisma-schema.ts';
import { GraphQLClient } from '../test/support/client.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/database.ts';
import { createContent, seedTenant, type TestUser } from '../test/support/fixtures.ts';
import { isRedisReachable, testRedisUrl } from '../test/support/redis.ts';
import { TEST_JWT_SECRET } from '../test/support/server.ts';
import { buildHerald, builtEntryPoint, productionNodeFlags } from '../scripts/production-command.ts';
import { detectCpuPinning } from './http/cpu-pinning.ts';
import { mainThreadProfile } from './http/cpu-profile-file.ts';
import { type RunningServer, startServer } from './http/server-process.ts';
import { INSPECT_ARG, type Memory, settledMemory } from './subscriptions/server-memory.ts';
import { formatGoals } from './subscriptions/goals.ts';
import { startSubscriberFleet, type SubscriberFleet } from './subscriptions/subscriber-fleet.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
const WARMUP_EVENTS = Number(process.env.BENCH_WARMUP_EVENTS ?? 5);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
// Enough to run every code path once, so the baseline holds what the first connection compiles and caches.
const WARMUP_SUBSCRIBERS = 20;
// Longer than the server keeps an event's shared reads (src/realtime/event-reads.ts), so a probe's are gone.
const SETTLE_MS = 2_500;
const DELIVERY_TIMEOUT_MS = 30_000;
const query = 'subscription($id: ID!) { contentStatusChanged(businessId: $id) { eventId changedAt status } }';

const pinning = detectCpuPinning({ server: 'servers', driver: 'subscribers' });
// The servers run as `npm start` runs them: the built dist/, rebuilt from the current src/.
await buildHerald();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Setup {
  label: string;
  database: DatabaseProvider;
  env: Record<string, string>;
  instances: number;
}

/** Publishes events until every open subscriber has received one: their subscriptions are live. */
async function probe(fleet: SubscriberFleet, publisher: GraphQLClient, user: TestUser, campaignId: string, subscribers: number) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await createContent(publisher, user, campaignId);
    for (let waited = 0; waited < 2_000; waited += 100) {
      const { subscribersHeard, failures } = await fleet.stats();
      if (failures.length) throw new Error(`subscribers failed: ${failures.slice(0, 3).join('; ')}`);
      if (subscribersHeard === subscribers) return fleet.reset();
      await pause(100);
    }
  }
  throw new Error(`only ${(await fleet.stats()).subscribersHeard} of ${subscribers} subscribers heard the probe events`);
}

const profileDirOf = (label: string, instance: number) => join(PROFILE_DIR!, `${label.replace(/\W+/g, '-')}-${instance}`);
/** Publishes `events` events one mutation after the other and waits until every subscriber has them all (or the timeout). */
async function publish(fleet: SubscriberFleet, publisher: GraphQLClient, user: TestUser, campaignId: string, events: number, subscribers: number) {
  await fleet.reset();
  const started = Date.now();
  for (let i = 0; i < events; i++) await createContent(publisher, user, campaignId);
  let stats = await fleet.stats();
  for (let waited = 0; stats.delivered < events * subscribers && waited < DELIVERY_TIMEOUT_MS; waited += 250) {
    await pause(250);
    stats = await fleet.stats();
  }
  if (stats.failures.length) throw new Error(`subscribers failed: ${stats.failures.slice(0, 3).join('; ')}`);
  return { started, stats };
}

/** Jobs of a queue that have yet to finish, as the server's /metrics counts them (any instance: they share the queue). */
async function unfinishedJobs(server: RunningServer, queue: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const unfinished = new RegExp(`^herald_jobs\\{queue="${queue}",state="(?:waiting|retrying|running)"\\} (\\d+)$`, 'gm');
  return [...text.matchAll(unfinished)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/**
 * Memory once the events' tagging jobs are done: a job under way holds what it read, which is
 * neither the connections' memory nor a baseline's.
 */
async function memoryOf(servers: RunningServer[]) {
  for (let waited = 0; (await unfinishedJobs(servers[0], 'tag-content')) > 0; waited += 100) {
    if (waited > DELIVERY_TIMEOUT_MS) throw new Error('the tagging jobs of the events did not finish');
    await pause(100);
  }
  return Promise.all(servers.map((server) => settledMemory(server.child.pid!, server.output())));
}

/**
 * Server memory per open connection, per instance (each holds its own connections): settled
 * memory with the connections open, less settled memory without them, over their number. Without
 * them is measured twice, after a warm-up and after they closed, and the smaller is used: a
 * server can free memory it held since start-up at any moment (one on PostgreSQL gave back 17 MiB
 * while 500 connections opened), which would hide their cost from either one comparison.
 */
function perConnection(before: Memory[], open: Memory[], closed: Memory[], connections: number[], key: keyof Memory) {
  return open.map((memory, i) => {
    const kib = (memory[key] - Math.min(before[i][key], closed[i][key])) / connections[i];
    if (!(kib > 0)) {
      throw new Error(`server ${i}: ${key} was ${before[i][key]} KiB before, ${memory[key]} with ${connections[i]} connections open and ${closed[i][key]} after; no sound figure`);
    }
    return kib;
  });
}

async function run({ label, database: provider, env, instances }: Setup) {
  const database = await createTestDatabase(provider);
  const servers: RunningServer[] = [];
  const fleet = startSubscriberFleet(pinning.driver);
  try {
    const spawnedAt: number[] = [];
    for (let i = 0; i < instances; i++) {
      spawnedAt.push(Date.now());
      const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${profileDirOf(label, i)}`] : [];
      servers.push(
        await startServer({
          name: `Herald ${i}`,
          script: builtEntryPoint,
          env: { JWT_SECRET: TEST_JWT_SECRET, SIGNUP_MAX_PER_ADDRESS: '100000', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, DATABASE_URL: database.url },
          nodeArgs: [...productionNodeFlags, INSPECT_ARG, ...profileArgs],
          pin: pinning.server,
        }),
      );
    }
    const publisher = new GraphQLClient(`${servers[0].baseUrl}/graphql`);
    const { user, business, campaign } = await seedTenant(publisher, 'Bench');
    const subscription = { urls: servers.map((server) => `${server.baseUrl.replace(/^http/, 'ws')}/graphql`), token: user.token, query, variables: { id: business.id } };

    await fleet.open({ ...subscription, count: WARMUP_SUBSCRIBERS });
    await probe(fleet, publisher, user, campaign.id, WARMUP_SUBSCRIBERS);
    // As many events as are measured, with their own work (the mutation, its tagging job): what
    // that compiles, caches and leaves the allocator holding is in the baseline rather than
    // counted as the connections' memory.
    await publish(fleet, publisher, user, campaign.id, WARMUP_EVENTS + EVENTS, WARMUP_SUBSCRIBERS);
    await fleet.close();
    await pause(SETTLE_MS);
    const before = await memoryOf(servers);

    await fleet.open({ ...subscription, count: SUBSCRIBERS });
    await probe(fleet, publisher, user, campaign.id, SUBSCRIBERS);
    // Thrown away, like bench:http's warm-up: the first events after a start pay for compiling the delivery path.
    await publish(fleet, publisher, user, campaign.id, WARMUP_EVENTS, SUBSCRIBERS);

    // Events before the memory is read: the full GCs that reading takes also throw compiled code away.
    const { started, stats } = await publish(fleet, publisher, user, campaign.id, EVENTS, SUBSCRIBERS);
    const expected = SUBSCRIBERS * EVENTS;
    const measuredUntil = Date.now();
    const latencies = stats.latencies.sort((x, y) => x - y);
    await pause(SETTLE_MS);
    const open = await memoryOf(servers);
    await fleet.close();
    await pause(SETTLE_MS);
    const closed = await memoryOf(servers);
    const connections = servers.map((_, i) => Math.floor(SUBSCRIBERS / instances) + (i < SUBSCRIBERS % instances ? 1 : 0));

    const rss = perConnection(before, open, closed, connections, 'rssKiB');
    const heap = perConnection(before, open, closed, connections, 'heapUsedKiB');
    const profiles: string[] = [];
    if (PROFILE_DIR) {
      for (const [i, server] of servers.entries()) {
        await server.stop(); // the profile is written on the way out
        const window = `--skip ${((started - spawnedAt[i]) / 1000).toFixed(1)} --until ${((measuredUntil - spawnedAt[i]) / 1000).toFixed(1)}`;
        profiles.push(`npx tsx bench/http/profile-summary.ts ${mainThreadProfile(profileDirOf(label, i), server.child.pid!)} ${window}`);
      }
    }
    return {
      row: {
        setup: label,
        subscribers: SUBSCRIBERS,
        events: EVENTS,
        'delivered %': Number(((stats.delivered / expected) * 100).toFixed(2)),
        'deliveries/s': Math.round(stats.delivered / ((stats.lastReceiveMs - started) / 1000)),
        'p50 ms': percentile(latencies, 50),
        'p99 ms': percentile(latencies, 99),
        'max ms': latencies.at(-1) ?? NaN,
        // The worst instance: each holds only its own connections.
        'server RSS KiB/connection': Number(Math.max(...rss).toFixed(1)),
        'JS heap KiB/connection': Number(Math.max(...heap).toFixed(1)),
      },
      profiles,
    };
  } finally {
    await fleet.stop();
    for (const server of servers) await server.stop();
    await database.drop();
  }
}

console.log(
  [
    'bench:subscriptions',
    `  ${SUBSCRIBERS} subscribers on one business, ${EVENTS} events published one mutation after the other (createContent) after ${WARMUP_EVENTS} thrown away; latency is receive time minus the event's changedAt (stamped when the server publishes)`,
    `  CPU: ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}; ${pinning.description}`,
    '  memory: settled (after full GCs) with the subscribers open minus the lower of settled after a warm-up and after they closed, per instance, over its own connections; the worst instance is shown',
  ].join('\n'),
);

const setups: Setup[] = [{ label: '1 instance, in-process bus (SQLite)', database: 'sqlite', env: {}, instances: 1 }];
if ((await isPostgresReachable()) && (await isRedisReachable())) {
  setups.push({ label: '2 instances through Redis (PostgreSQL)', database: 'postgresql', env: { REDIS_URL: testRedisUrl }, instances: 2 });
} else {
  console.warn('Skipping the two-instance run: it needs PostgreSQL and Redis.');
}

const results = [];
for (const setup of setups) results.push(await run(setup));
console.table(results.map((result) => result.row));
console.log(
  formatGoals(
    results.map(({ row }) => ({ setup: row.setup, deliveredPercent: row['delivered %'], p99Ms: row['p99 ms'], rssKiBPerConnection: row['server RSS KiB/connection'] })),
  ),
);
for (const command of results.flatMap((result) => result.profiles)) console.log(`CPU profile of the measured events: ${command}`);
