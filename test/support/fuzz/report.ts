import type { ViolationKind } from './checks.ts';

export interface ViolationRecord {
  kind: ViolationKind;
  detail: string;
  database: string;
  transport: string;
  category: string;
  index: number;
  label: string;
  auth: string;
  request: string;
  requestSize: number;
  response: string;
}

/** Counts for one database's run. */
export interface FuzzReport {
  database: string;
  seed: number;
  operations: number;
  durationMs: number;
  byTransport: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
  /** Operations built on each query, mutation and subscription field of the schema. */
  rootFields: Record<string, number>;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
  refused: number;
  /** Operations that named the victim's real IDs. */
  foreign: number;
  violations: ViolationRecord[];
}

export function emptyReport(database: string, seed: number): FuzzReport {
  return { database, seed, operations: 0, durationMs: 0, byTransport: {}, byCategory: {}, rootFields: {}, statuses: {}, errorCodes: {}, refused: 0, foreign: 0, violations: [] };
}

export const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

const table = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, count]) => `    ${key.padEnd(34)} ${String(count).padStart(7)}`)
    .join('\n');

/** The summary of one run: what was sent, what came back, and every violation kind with its smallest example. */
export function formatReport(report: FuzzReport, { examplesPerGroup = 3, listed = 20 } = {}): string {
  const lines: string[] = [];
  lines.push(`== ${report.database}: ${report.operations} operations in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed}) ==`);
  lines.push('  per transport:', table(report.byTransport));
  lines.push('  per category (http / ws, mean ms):');
  for (const [category, counts] of Object.entries(report.byCategory).sort(([a], [b]) => a.localeCompare(b))) {
    const count = (counts.http ?? 0) + (counts.ws ?? 0);
    lines.push(`    ${category.padEnd(34)} ${String(counts.http ?? 0).padStart(7)} / ${String(counts.ws ?? 0).padStart(5)}  ${(counts.ms / count).toFixed(1).padStart(8)} ms`);
  }
  const unexercised = Object.entries(report.rootFields).filter(([, count]) => count === 0).map(([field]) => field);
  const exercised = Object.keys(report.rootFields).length - unexercised.length;
  lines.push(`  schema root fields exercised: ${exercised} of ${Object.keys(report.rootFields).length}${unexercised.length ? ` (not: ${unexercised.join(', ')})` : ''}`);
  lines.push('  status / close codes:', table(report.statuses));
  lines.push('  error codes:', table(report.errorCodes));
  lines.push(`  refused before execution: ${report.refused}; naming the victim's real IDs: ${report.foreign}`);
  lines.push(`  VIOLATIONS: ${report.violations.length}`);
  if (!report.violations.length) return lines.join('\n');

  for (const violation of report.violations.slice(0, listed)) {
    lines.push(`    #${violation.index} ${violation.kind} [${violation.transport} ${violation.category} ${violation.auth}] ${violation.label}: ${violation.detail.slice(0, 160)}`);
  }
  if (report.violations.length > listed) lines.push(`    … and ${report.violations.length - listed} more`);

  lines.push('  distinct kinds (kind × transport), with the smallest request for each distinct cause:');
  for (const [group, records] of groupViolations(report.violations)) {
    const perCategory: Record<string, number> = {};
    for (const record of records) bump(perCategory, record.category);
    lines.push(`  -- ${group}: ${records.length} (${Object.entries(perCategory).map(([category, count]) => `${category} ${count}`).join(', ')}) --`);
    const byCause = new Map<string, ViolationRecord>();
    for (const record of [...records].sort((a, b) => a.requestSize - b.requestSize)) if (!byCause.has(causeOf(record))) byCause.set(causeOf(record), record);
    for (const record of [...byCause.values()].slice(0, examplesPerGroup)) {
      lines.push(`     #${record.index} [${record.category}, ${record.auth}] ${record.label}`);
      lines.push(`     detail: ${record.detail.slice(0, 400)}`);
      lines.push(indent(`request:\n${record.request}`));
      lines.push(indent(`response:\n${record.response}`));
    }
    if (byCause.size > examplesPerGroup) lines.push(`     … ${byCause.size - examplesPerGroup} more distinct causes`);
  }
  return lines.join('\n');
}

export function groupViolations(violations: readonly ViolationRecord[]): Map<string, ViolationRecord[]> {
  const groups = new Map<string, ViolationRecord[]>();
  for (const violation of violations) {
    const key = `${violation.kind} over ${violation.transport}`;
    groups.set(key, [...(groups.get(key) ?? []), violation]);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

/** What tells two violations of one kind apart: what the server logged, else the detail, without numbers and IDs. */
function causeOf(record: ViolationRecord): string {
  const logged = /server logged: (.*)/.exec(record.response)?.[1];
  return (logged ?? record.detail).replace(/[A-Za-z0-9+/=]{20,}/g, 'ID').replace(/\d+/g, 'N').slice(0, 120);
}

const indent = (text: string) => text.replace(/^/gm, '       ');
