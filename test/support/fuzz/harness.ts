import type { DatabaseProvider } from '../../../src/db/prisma-schema.ts';
import { schema } from '../../../src/graphql/schema.ts';
import { createTestDatabase } from '../database.ts';
import { startTestServer, type TestServer } from '../server.ts';
import { checkCanaries } from './canaries.ts';
import { checkOutcome, type Violation } from './checks.ts';
import { describeRequest, namedSecrets, requestSize } from './describe-request.ts';
import { createGenerator, nextOperation } from './generate.ts';
import { sendHttp } from './http-transport.ts';
import type { FuzzOperation } from './operation.ts';
import { errorCode, type Outcome, resultsIn } from './outcome.ts';
import { trimmed } from './printable.ts';
import { watchProcessErrors } from './process-errors.ts';
import { Random } from './random.ts';
import { refusedBeforeExecution } from './refusal.ts';
import { bump, emptyReport, type FuzzReport } from './report.ts';
import { createSqlRecorder } from './sql-recorder.ts';
import { attackerEmail, type FuzzWorld, provokeVictimEvents, seedWorld } from './tenants.ts';
import { runWs, type WsHooks } from './ws-transport.ts';
import { jobsIdle } from '../jobs.ts';

export interface FuzzOptions {
  database: DatabaseProvider;
  operations: number;
  seed: number;
  /** Only these categories (all when empty). */
  categories?: readonly string[];
  /** Progress lines. */
  log?: (line: string) => void;
  /** Longest wait for one answer. */
  timeoutMs?: number;
  /** Log one line per operation (to find the operations around a violation's #index). */
  trace?: boolean;
}

const HEALTH_EVERY = 50;
const QUIET_MS = 5;

/**
 * Starts the real server (NODE_ENV=production) in this process on a fresh database, signs up an
 * attacker and a victim, then sends `operations` generated abusive operations one at a time,
 * checking each; the server's health is checked every 50 operations and at the end.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  if (process.env.NODE_ENV !== 'production') {
    // The schema builder reads NODE_ENV when it is imported, so it must be set before that.
    throw new Error('Set NODE_ENV=production before importing the fuzz harness (scripts/fuzz.ts and test/fuzz.test.ts do)');
  }
  const { database, operations, seed, log = () => {}, timeoutMs = 20_000 } = options;
  const report = emptyReport(database, seed);
  const random = new Random(seed);
  const adminEmail = attackerEmail(random);
  let index = -1;
  const processErrors = watchProcessErrors(() => index);
  const sql = createSqlRecorder();
  const started = Date.now();
  let server: TestServer | undefined;
  try {
    server = await startTestServer({ NODE_ENV: 'production', ADMIN_EMAILS: adminEmail }, createTestDatabase(database));
    const world = await seedWorld(server.client, random, adminEmail);
    const generator = createGenerator(schema, world, random);
    const running = server;
    let provocations = 0;
    const hooks: ServerHooks = {
      activeSubscriptions: () => running.app.events.activeSubscriptions(),
      provokeVictim: () => provokeVictimEvents(running.client, world.victim, ++provocations),
    };
    await checkCanaries(running, world, sql, hooks);
    for (const root of generator.roots) report.rootFields[`${root.kind}.${root.field.name}`] = 0;

    for (index = 0; index < operations; index++) {
      const operation = nextOperation(index, generator, options.categories);
      const outcome = await execute(operation, running, hooks, sql, timeoutMs);
      tally(report, operation, outcome);
      if (options.trace) log(`#${index} ${operation.transport} ${operation.category} ${operation.auth} ${operation.label} → ${outcome.status ?? outcome.close?.code ?? '-'}, ${outcome.sql.length} SQL, ${outcome.durationMs.toFixed(0)} ms`);
      const violations = checkOutcome(operation, outcome, world);
      for (const error of processErrors.takeErrors()) violations.push({ kind: 'process-error', detail: error.message });
      record(report, operation, outcome, violations, world, database, processErrors.takeLogged());
      // Work a request left running (an AI generation, a query still in flight) must not be counted against the next one.
      if (!refusedBeforeExecution(outcome)) await jobsIdle(running.app.jobs);
      if (outcome.sql.length) await sql.quiet(QUIET_MS);
      if ((index + 1) % HEALTH_EVERY === 0 || outcome.transportError) await checkHealth(running, report, operation, world, database);
      if ((index + 1) % 1000 === 0) log(`${database}: ${index + 1}/${operations} operations, ${report.violations.length} violations, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    index = operations;
    await checkHealth(running, report, undefined, world, database);
  } finally {
    report.durationMs = Date.now() - started;
    sql.dispose();
    await server?.stop().catch((error: unknown) => log(`stopping the server failed: ${error}`));
    for (const error of processErrors.takeErrors()) report.violations.push(processViolation(error.message, database, error.index));
    processErrors.dispose();
  }
  return report;
}

type ServerHooks = Omit<WsHooks, 'startWindow' | 'endWindow'>;

async function execute(operation: FuzzOperation, server: TestServer, hooks: ServerHooks, sql: ReturnType<typeof createSqlRecorder>, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  if (operation.http) {
    sql.start();
    const response = await sendHttp(server.url, operation.http, timeoutMs);
    const statements = sql.stop();
    const results = resultsIn(response.body, 'http');
    return {
      transport: 'http',
      status: response.status,
      texts: [response.body],
      results,
      allResults: results,
      accepted: 0,
      transportError: response.transportError,
      sql: statements,
      durationMs: performance.now() - started,
    };
  }
  let statements: string[] | undefined;
  const windows = { startWindow: () => sql.start(), endWindow: () => void (statements = sql.stop()) };
  const result = await runWs(server.url, operation.ws!, { ...hooks, ...windows }, Math.min(timeoutMs, 5_000));
  statements ??= sql.stop();
  return {
    transport: 'ws',
    status: result.upgradeStatus,
    texts: [...result.messages.map((message) => message.text), ...(result.close ? [result.close.reason] : [])],
    results: result.messages.filter((message) => message.inWindow).flatMap((message) => resultsIn(message.text, 'ws')),
    allResults: result.messages.flatMap((message) => resultsIn(message.text, 'ws')),
    close: result.close,
    accepted: result.accepted,
    transportError: result.transportError,
    sql: statements,
    durationMs: performance.now() - started,
  };
}

function tally(report: FuzzReport, operation: FuzzOperation, outcome: Outcome) {
  report.operations++;
  bump(report.byTransport, operation.transport);
  report.byCategory[operation.category] ??= {};
  bump(report.byCategory[operation.category], operation.transport);
  bump(report.byCategory[operation.category], 'ms', outcome.durationMs);
  if (operation.rootField) bump(report.rootFields, operation.rootField);
  if (operation.transport === 'http') bump(report.statuses, `HTTP ${outcome.status ?? '(no response)'}`);
  else bump(report.statuses, outcome.close ? `WS close ${outcome.close.code}` : outcome.status ? `WS upgrade ${outcome.status}` : 'WS not closed by the server');
  for (const result of outcome.allResults) for (const error of result.errors ?? []) bump(report.errorCodes, errorCode(error));
  if (refusedBeforeExecution(outcome)) report.refused++;
  if (operation.usesForeignIds) report.foreign++;
}

function record(report: FuzzReport, operation: FuzzOperation, outcome: Outcome, violations: Violation[], world: FuzzWorld, database: string, logged: string[]) {
  if (!violations.length) return;
  const request = describeRequest(operation, world);
  const response = namedSecrets(world, [
    outcome.status !== undefined ? `status ${outcome.status}` : '',
    outcome.close ? `closed ${outcome.close.code} ${outcome.close.reason}` : '',
    outcome.transportError ? `error: ${outcome.transportError}` : '',
    ...outcome.texts.filter(Boolean).slice(0, 4).map((text) => trimmed(text, 700)),
    ...logged.slice(0, 1).map((line) => `server logged: ${trimmed(line.split('\n')[0], 300)}`),
  ]
    .filter(Boolean)
    .join('\n'));
  for (const violation of violations) {
    report.violations.push({
      ...violation,
      database,
      transport: operation.transport,
      category: operation.category,
      index: operation.index,
      label: operation.label,
      auth: operation.auth,
      request,
      requestSize: requestSize(operation),
      response,
    });
  }
}

async function checkHealth(server: TestServer, report: FuzzReport, after: FuzzOperation | undefined, world: FuzzWorld, database: string) {
  const response = await sendHttp(`${server.origin}/health`, { method: 'GET', headers: {} }, 5_000);
  if (response.status === 200) return;
  report.violations.push({
    kind: 'server-unhealthy',
    detail: `GET /health answered ${response.status ?? response.transportError}`,
    database,
    transport: 'http',
    category: after?.category ?? '(end of run)',
    index: after?.index ?? report.operations,
    label: after ? `health check after: ${after.label}` : 'health check at the end',
    auth: after?.auth ?? '-',
    request: after ? describeRequest(after, world) : 'GET /health',
    requestSize: after ? requestSize(after) : 0,
    response: trimmed(response.body),
  });
}

function processViolation(message: string, database: string, index: number) {
  return { kind: 'process-error' as const, detail: message, database, transport: '-', category: '(process)', index, label: 'error outside any request', auth: '-', request: '', requestSize: 0, response: '' };
}
