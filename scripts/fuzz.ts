// The abuse suite: generated malformed and abusive operations against the real server, on SQLite
// and then PostgreSQL. FUZZ_OPERATIONS (default 10000) per database, FUZZ_SEED to repeat a run,
// FUZZ_DATABASES=sqlite,postgresql, FUZZ_CATEGORIES to send only some kinds, FUZZ_REPORT=<file>
// to write every violation as JSON, FUZZ_TRACE=1 to print every operation. Exits 1 when anything
// is violated.
import { writeFileSync } from 'node:fs';

// The schema builder reads NODE_ENV when it is imported: set it before the harness loads.
process.env.NODE_ENV = 'production';
const { runFuzz } = await import('../test/support/fuzz/harness.ts');
const { seedFrom } = await import('../test/support/fuzz/random.ts');
const { formatReport } = await import('../test/support/fuzz/report.ts');

const operations = Number(process.env.FUZZ_OPERATIONS ?? 10_000);
if (!Number.isInteger(operations) || operations < 1) throw new Error(`FUZZ_OPERATIONS must be a positive integer, got ${process.env.FUZZ_OPERATIONS}`);
const seed = seedFrom(process.env.FUZZ_SEED);
const databases = (process.env.FUZZ_DATABASES ?? 'sqlite,postgresql').split(',').map((name) => name.trim());
for (const database of databases) if (database !== 'sqlite' && database !== 'postgresql') throw new Error(`Unknown database in FUZZ_DATABASES: ${database}`);
const categories = process.env.FUZZ_CATEGORIES?.split(',').map((name) => name.trim()).filter(Boolean);

console.log(`fuzz: ${operations} operations per database on ${databases.join(', ')}, seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
const reports = [];
for (const database of databases) {
  const report = await runFuzz({ database: database as 'sqlite' | 'postgresql', operations, seed, categories, trace: Boolean(process.env.FUZZ_TRACE), log: (line) => console.log(line) });
  console.log(formatReport(report));
  reports.push(report);
}
if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(reports, null, 2));

const violations = reports.reduce((sum, report) => sum + report.violations.length, 0);
console.log(`\nfuzz: ${reports.map((report) => `${report.database} ${report.operations} operations in ${(report.durationMs / 1000).toFixed(1)} s, ${report.violations.length} violations`).join('; ')}`);
console.log(`fuzz: seed ${seed}; ${violations === 0 ? 'no violations' : `${violations} violations`}`);
process.exit(violations === 0 ? 0 : 1);
