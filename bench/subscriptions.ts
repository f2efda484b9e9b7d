// npm run bench:subscriptions: N graphql-ws subscribers on one topic, M events published by
// mutations; delivery, throughput, publish-to-receive latency and server memory per connection,
// for one instance and for two instances sharing PostgreSQL and Redis.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLClient } from '../test/support/client.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/database.ts';
import { createContent, seedTenant } from '../test/support/fixtures.ts';
import { isRedisReachable, testRedisUrl } from '../test/support/redis.ts';
import { type ServerProcess, spawnServer } from '../test/support/server-process.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
const query = 'subscription($id: ID!) { contentStatusChanged(businessId: $id) { eventId changedAt status } }';

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(label: string, servers: ServerProcess[]) {
  const publisher = new GraphQLClient(servers[0].url);
  const tenant = await seedTenant(publisher, 'Bench');
  const rssBefore = servers.map((s) => rssKb(s.child.pid!));

  const latencies: number[] = [];
  let delivered = 0;
  let lastReceive = 0;
  const clients = [];
  let ready = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({
      url: servers[i % servers.length].url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tenant.user.token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      on: { connected: () => ready++ },
    });
    client.subscribe(
      { query, variables: { id: tenant.business.id } },
      {
        next: ({ data }) => {
          const changedAt = Date.parse((data as { contentStatusChanged: { changedAt: string } }).contentStatusChanged.changedAt);
          lastReceive = Date.now();
          latencies.push(lastReceive - changedAt);
          delivered++;
        },
        error: () => {},
        complete: () => {},
      },
    );
    clients.push(client);
  }
  while (ready < SUBSCRIBERS) await pause(50);
  await pause(1_000); // let every subscription reach the bus
  const rssAfter = servers.map((s) => rssKb(s.child.pid!));
  latencies.length = 0;
  delivered = 0;

  const started = Date.now();
  for (let i = 0; i < EVENTS; i++) await createContent(publisher, tenant.user, tenant.campaign.id);
  const expected = SUBSCRIBERS * EVENTS;
  for (let waited = 0; delivered < expected && waited < 30_000; waited += 100) await pause(100);
  const seconds = (lastReceive - started) / 1000;
  latencies.sort((x, y) => x - y);
  await Promise.all(clients.map((client) => client.dispose()));

  const perConnectionKb = rssAfter.reduce((sum, kb, i) => sum + kb - rssBefore[i], 0) / SUBSCRIBERS;
  return {
    setup: label,
    subscribers: SUBSCRIBERS,
    events: EVENTS,
    'delivered %': Number(((delivered / expected) * 100).toFixed(2)),
    'deliveries/s': Math.round(delivered / seconds),
    'p50 ms': percentile(latencies, 50),
    'p99 ms': percentile(latencies, 99),
    'server RSS KiB/connection': Number(perConnectionKb.toFixed(1)),
  };
}

const rows = [];
{
  const database = await createTestDatabase('sqlite');
  const server = await spawnServer({ DATABASE_URL: database.url, NODE_ENV: 'production' });
  try {
    rows.push(await run('1 instance, in-process bus (SQLite)', [server]));
  } finally {
    await server.stop();
    await database.drop();
  }
}
if ((await isPostgresReachable()) && (await isRedisReachable())) {
  const database = await createTestDatabase('postgresql');
  const env = { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, NODE_ENV: 'production' };
  const servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  try {
    rows.push(await run('2 instances through Redis (PostgreSQL)', servers));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
} else {
  console.warn('Skipping the two-instance run: it needs PostgreSQL and Redis.');
}
console.table(rows);
