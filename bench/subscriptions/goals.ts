import { formatTable } from '../http/report.ts';

/** What bench:subscriptions measures of one setup, as its goals need it. */
export interface SetupFigures {
  setup: string;
  deliveredPercent: number;
  p99Ms: number;
  rssKiBPerConnection: number;
}

// Issue 10's goals, on one instance and on two through Redis alike.
const MIN_DELIVERED_PERCENT = 99;
const MAX_P99_MS = 100;
const MAX_RSS_KIB_PER_CONNECTION = 40;

/** Every goal of every setup, passed or failed, as a table and a count. */
export function formatGoals(figures: SetupFigures[]): string {
  const goals = figures.flatMap(({ setup, deliveredPercent, p99Ms, rssKiBPerConnection }) => [
    { setup, goal: `delivered ≥ ${MIN_DELIVERED_PERCENT} %`, measured: `${deliveredPercent} %`, passed: deliveredPercent >= MIN_DELIVERED_PERCENT },
    { setup, goal: `p99 ≤ ${MAX_P99_MS} ms`, measured: `${p99Ms} ms`, passed: p99Ms <= MAX_P99_MS },
    { setup, goal: `server RSS per connection ≤ ${MAX_RSS_KIB_PER_CONNECTION} KiB`, measured: `${rssKiBPerConnection} KiB`, passed: rssKiBPerConnection <= MAX_RSS_KIB_PER_CONNECTION },
  ]);
  const rows = goals.map(({ passed, ...goal }) => ({ ...goal, result: passed ? 'PASS' : 'FAIL' }));
  return ['\n== Goals ==', formatTable(rows), `\n${goals.filter((goal) => goal.passed).length} of ${goals.length} goals met.`].join('\n');
}
