import type { DatabaseProvider } from '../../src/db/prisma-schema.ts';
import { BASELINE_STATEMENTS_PER_REQUEST } from './baseline-store.ts';
import type { LoadResult } from './load.ts';
import type { Measurement } from './measure.ts';
import type { Scenario } from './scenarios.ts';
import type { StatementCount } from './statements.ts';
import type { Sameness } from './verify.ts';

export interface ScenarioResult {
  provider: DatabaseProvider;
  scenario: Scenario;
  statements: StatementCount;
  herald: Measurement;
  baseline: Measurement & { sameness: Sameness };
  /** Herald's main-thread CPU profile, when asked for. */
  profile?: { file: string; startupSeconds: number };
}

interface Goal {
  database: string;
  shape: string;
  goal: string;
  measured: string;
  result: 'PASS' | 'FAIL';
}

type Row = Record<string, string | number>;

/** A plain aligned table (console.table adds an index column and quotes strings). */
export function formatTable(rows: Row[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const cell = (row: Row, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[]) => values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ');
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...rows.map((row) => line(columns.map((column) => cell(row, column))))].join('\n');
}

const databaseName = (provider: DatabaseProvider) => (provider === 'postgresql' ? 'PostgreSQL' : 'SQLite');
const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0);
const perSecond = (value: number) => value.toFixed(value < 100 ? 1 : 0);
const verdict = (passed: boolean) => (passed ? 'PASS' : 'FAIL');

function loadRow(server: string, load: LoadResult): Row {
  return {
    server,
    'req/s': perSecond(load.requestsPerSecond),
    'p50 ms': ms(load.p50Ms),
    'p99 ms': ms(load.p99Ms),
    requests: load.requests,
    seconds: load.seconds.toFixed(0),
  };
}

function goalsOf(result: ScenarioResult): Goal[] {
  const { provider, scenario, herald, baseline, statements } = result;
  const base = { database: databaseName(provider), shape: scenario.label };
  const goals: Goal[] = [];
  const ratio = herald.max.requestsPerSecond / baseline.max.requestsPerSecond;
  goals.push({ ...base, goal: `Herald/baseline req/s ≥ ${scenario.goals.minRatio.toFixed(2)}`, measured: ratio.toFixed(2), result: verdict(ratio >= scenario.goals.minRatio) });
  if (scenario.goals.maxHalfLoadP99Ms !== undefined && herald.halfLoad) {
    const p99 = herald.halfLoad.p99Ms;
    goals.push({ ...base, goal: `p99 at half load ≤ ${scenario.goals.maxHalfLoadP99Ms} ms`, measured: `${ms(p99)} ms`, result: verdict(p99 <= scenario.goals.maxHalfLoadP99Ms) });
  }
  if (provider === 'postgresql') {
    goals.push({
      ...base,
      goal: `SQL statements ≤ nesting depth ${scenario.nestingDepth}`,
      measured: String(statements.count),
      result: verdict(statements.count <= scenario.nestingDepth),
    });
  }
  return goals;
}

/** Whether one operation costs the same statements whatever the rows (only comparable between shapes of one operation). */
function sameStatementGoals(results: ScenarioResult[]): Goal[] {
  const goals: Goal[] = [];
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const key = `${result.provider} ${result.scenario.operationName}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const counts = group.map((result) => result.statements.count);
    goals.push({
      database: databaseName(group[0].provider),
      shape: group.map((result) => result.scenario.label.replace(/^dashboard /, '')).join(' vs '),
      goal: `${group[0].scenario.operationName}: same SQL statements for every shape`,
      measured: counts.join(' vs '),
      result: verdict(counts.every((count) => count === counts[0])),
    });
  }
  return goals;
}

/** Server CPU per request at maximum load, where /proc could be read. */
function cpuLines(herald: Measurement, baseline: Measurement): string[] {
  if (herald.cpuMsPerRequest === undefined || baseline.cpuMsPerRequest === undefined) return [];
  const ratio = baseline.cpuMsPerRequest / herald.cpuMsPerRequest;
  return [`server CPU per request: Herald ${herald.cpuMsPerRequest.toFixed(2)} ms, baseline ${baseline.cpuMsPerRequest.toFixed(2)} ms (baseline/Herald ${ratio.toFixed(2)})`];
}

/** One scenario's figures, printed as soon as they are measured. */
export function formatScenario(result: ScenarioResult, connections: number): string {
  const { provider, scenario, herald, baseline, statements, profile } = result;
  const { businesses, campaigns, contents } = scenario.shape;
  const rows = [
    loadRow(`Herald, ${connections} connections`, herald.max),
    ...(herald.halfLoad ? [loadRow(`Herald at a fixed ${perSecond(herald.halfLoad.requestsPerSecond)} req/s (half)`, herald.halfLoad)] : []),
    loadRow(`baseline, ${connections} connections`, baseline.max),
  ];
  const alone = `one request at a time (median of 5): Herald ${ms(herald.aloneMs)} ms, baseline ${ms(baseline.aloneMs)} ms`;
  const lines = [
    `\n== ${databaseName(provider)} — ${scenario.label} (its database: ${businesses}×${campaigns}×${contents}, ${businesses * campaigns * contents} contents) ==`,
    formatTable(rows),
    alone,
    `Herald/baseline req/s: ${(herald.max.requestsPerSecond / baseline.max.requestsPerSecond).toFixed(2)} (responses: ${baseline.sameness})`,
    ...cpuLines(herald, baseline),
    `SQL statements per request: ${statements.count} (${statements.tables.join(', ')})${provider === 'postgresql' ? `; nesting depth ${scenario.nestingDepth}` : ''}`,
    ...(profile
      ? [`Herald's CPU profile (main thread, ${profile.startupSeconds} s of start-up): npx tsx bench/http/profile-summary.ts ${profile.file} --skip ${profile.startupSeconds}`]
      : []),
  ];
  return lines.join('\n');
}

/** The closing summary: statements per request across shapes and every goal, passed or failed. */
export function formatSummary(results: ScenarioResult[]): string {
  const statementRows = results.map(({ provider, scenario, statements }) => ({
    database: databaseName(provider),
    shape: scenario.label,
    'nesting depth': provider === 'postgresql' ? scenario.nestingDepth : '',
    'Herald statements': statements.count,
    'baseline statements': BASELINE_STATEMENTS_PER_REQUEST,
  }));
  const goals = [...results.flatMap(goalsOf), ...sameStatementGoals(results)].sort((a, b) => a.database.localeCompare(b.database));
  return [
    '\n== SQL statements per request (one request, in-process Herald, Prisma query events) ==',
    formatTable(statementRows),
    '\n== Goals ==',
    formatTable(goals as unknown as Row[]),
    `\n${goals.filter((goal) => goal.result === 'PASS').length} of ${goals.length} goals met.`,
  ].join('\n');
}
