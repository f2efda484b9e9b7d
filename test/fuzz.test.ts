import { afterAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';

// The abuse suite (npm run fuzz) in small: FUZZ_TEST_OPERATIONS generated abusive operations
// against the production-mode server on this project's database. The seed is fixed so the suite
// sends the same operations every run; FUZZ_SEED picks another.

// The schema builder reads NODE_ENV when imported, so production must be set before the harness loads.
const previousNodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
const { runFuzz } = await import('./support/fuzz/harness.ts');
const { formatReport } = await import('./support/fuzz/report.ts');

const operations = Number(process.env.FUZZ_TEST_OPERATIONS ?? 1_000);
const seed = Number(process.env.FUZZ_SEED ?? 20_261_201);

afterAll(() => {
  process.env.NODE_ENV = previousNodeEnv;
});

describe.skipIf(databaseMissing)(`abuse suite (${testProvider})`, () => {
  it(`answers ${operations} abusive operations without a 5xx, a leak, or SQL for a refusal`, { timeout: 300_000 }, async () => {
    const report = await runFuzz({ database: testProvider, operations, seed });
    expect(report.operations).toBe(operations);
    expect(report.violations.length, formatReport(report, { listed: 10 })).toBe(0);
  });
});
