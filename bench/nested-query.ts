// npm run bench: latency and SQL statements of the dashboard query (businesses → campaigns →
// contents → latest analytics) for a small and a large account, on each database.
import { onQuery } from '../src/db/client.ts';
import type { DatabaseProvider } from '../src/db/prisma-schema.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/database.ts';
import { signUpUser } from '../test/support/fixtures.ts';
import { Dashboard } from '../test/support/operations.ts';
import { localIdOf, seedGraph } from '../test/support/seed-graph.ts';
import { startTestServer } from '../test/support/server.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const shapes = [
  [2, 2, 2],
  [20, 20, 5],
] as const;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function bench(provider: DatabaseProvider) {
  const rows = [];
  for (const [b, c, n] of shapes) {
    const server = await startTestServer({}, createTestDatabase(provider));
    try {
      const user = await signUpUser(server.client, 'Bench');
      await seedGraph(localIdOf(user.id), b, c, n);
      const variables = { businesses: b, campaigns: c, contents: n };
      await server.client.data(Dashboard, variables, { token: user.token }); // warm-up
      let statements = 0;
      const stop = onQuery(() => statements++);
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        await server.client.data(Dashboard, variables, { token: user.token });
        times.push(performance.now() - started);
      }
      stop();
      times.sort((x, y) => x - y);
      rows.push({
        database: provider,
        shape: `${b}×${c}×${n}`,
        contents: b * c * n,
        'SQL statements/request': statements / ITERATIONS,
        'p50 ms': Number(percentile(times, 50).toFixed(1)),
        'p99 ms': Number(percentile(times, 99).toFixed(1)),
        'µs per content (p50)': Number(((percentile(times, 50) * 1000) / (b * c * n)).toFixed(1)),
      });
    } finally {
      await server.stop();
    }
  }
  const [small, large] = rows;
  console.table(rows);
  console.log(
    `${provider}: statements large/small = ${(large['SQL statements/request'] / small['SQL statements/request']).toFixed(2)}, ` +
      `p50 large/small = ${(large['p50 ms'] / small['p50 ms']).toFixed(1)} for ${large.contents / small.contents}× the rows\n`,
  );
}

process.env.TEST_DATABASE ??= 'sqlite';
await bench('sqlite');
if (await isPostgresReachable()) await bench('postgresql');
