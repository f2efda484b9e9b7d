import type { DatabaseProvider } from '../../src/db/prisma-schema.ts';
import { scenarios, type Scenario } from './scenarios.ts';

// The knobs of npm run bench:http, read once; a bad value stops the run with its name.

function positive(name: string, fallback: number, { integer = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  return value;
}

function listOf<T extends string>(name: string, known: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...known];
  const picked = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = picked.filter((item) => !known.includes(item as T));
  if (unknown.length || picked.length === 0) throw new Error(`${name} takes a comma-separated list of ${known.join(', ')}; got "${raw}"`);
  return picked as T[];
}

const scenarioNames = scenarios.map((scenario) => scenario.name);

export interface BenchSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: Scenario[];
  databases: DatabaseProvider[];
  /** When set, Herald runs with --cpu-prof and writes one profile per scenario here. */
  cpuProfileDir?: string;
}

export function readSettings(): BenchSettings {
  const picked = listOf('BENCH_SHAPES', scenarioNames);
  return {
    durationSeconds: positive('BENCH_DURATION_SECONDS', 10),
    warmupSeconds: positive('BENCH_WARMUP_SECONDS', 3),
    connections: positive('BENCH_CONNECTIONS', 20, { integer: true }),
    scenarios: scenarios.filter((scenario) => picked.includes(scenario.name)),
    databases: listOf<DatabaseProvider>('BENCH_DATABASES', ['postgresql', 'sqlite']),
    cpuProfileDir: process.env.BENCH_CPU_PROFILE_DIR || undefined,
  };
}
