import { describe, expect, it } from 'vitest';
import { checkOutcome } from './support/fuzz/checks.ts';
import type { FuzzOperation } from './support/fuzz/operation.ts';
import type { Outcome } from './support/fuzz/outcome.ts';
import { resultsIn } from './support/fuzz/outcome.ts';
import { refusedBeforeExecution } from './support/fuzz/refusal.ts';
import type { FuzzTenant, FuzzWorld } from './support/fuzz/tenants.ts';

// The abuse suite's checks on hand-made outcomes: each must fire on what it is for, and only then.

const tenant = (label: 'A' | 'B'): FuzzTenant => ({
  label,
  email: `${label}@example.com`,
  password: `fuzz-pw-${label}-0123456789abcdef`,
  token: `eyJhbGciOiJIUzI1NiJ9.${label}payload.${label}signature`,
  marker: `fzmk${label.toLowerCase()}0123456789ab`,
  ids: { User: 'u', Business: 'b', Campaign: 'c', Content: 'n', AnalyticsSnapshot: 's', Message: 'm', AutomationRule: 'r' },
});
const world: FuzzWorld = { attacker: tenant('A'), victim: tenant('B'), shared: { Category: [], Tag: [] } };
const operation = (auth: FuzzOperation['auth'] = 'owner'): FuzzOperation => ({ index: 0, category: 'test', label: 'test', auth, transport: 'http', usesForeignIds: false });

function http(status: number, body: unknown, sql: string[] = []): Outcome {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const results = resultsIn(text, 'http');
  return { transport: 'http', status, texts: [text], results, allResults: results, accepted: 0, sql, durationMs: 1 };
}

const kinds = (outcome: Outcome, auth: FuzzOperation['auth'] = 'owner') => checkOutcome(operation(auth), outcome, world).map((violation) => violation.kind);
const validationError = { errors: [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };

describe('refused before execution', () => {
  it('is a refusal status, or only refusal codes and no data', () => {
    expect(refusedBeforeExecution(http(413, ''))).toBe(true);
    expect(refusedBeforeExecution(http(200, validationError))).toBe(true);
    expect(refusedBeforeExecution(http(200, { data: null, errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }] }))).toBe(true);
  });

  it('is not an execution that failed on a field, nor another code', () => {
    expect(refusedBeforeExecution(http(200, { data: null, errors: [{ message: 'x', path: ['business'], extensions: { code: 'BAD_USER_INPUT' } }] }))).toBe(false);
    expect(refusedBeforeExecution(http(200, { errors: [{ message: 'x', extensions: { code: 'NOT_FOUND' } }] }))).toBe(false);
    expect(refusedBeforeExecution(http(401, { errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] }))).toBe(false);
  });

  it('over WebSocket is a refusal-coded error or a protocol close, never an accepted subscription', () => {
    const ws = (extra: Partial<Outcome>): Outcome => ({ transport: 'ws', texts: [], results: [], allResults: [], accepted: 0, sql: [], durationMs: 1, ...extra });
    expect(refusedBeforeExecution(ws({ close: { code: 4400, reason: 'Invalid message received' } }))).toBe(true);
    expect(refusedBeforeExecution(ws({ results: resultsIn(JSON.stringify({ id: '1', type: 'error', payload: validationError.errors }), 'ws') }))).toBe(true);
    expect(refusedBeforeExecution(ws({ accepted: 1 }))).toBe(false);
    expect(refusedBeforeExecution(ws({ close: { code: 4500, reason: 'Internal server error' } }))).toBe(false);
  });
});

describe('checkOutcome', () => {
  it('passes a clean refusal and a clean answer', () => {
    expect(kinds(http(400, validationError))).toEqual([]);
    expect(kinds(http(200, { data: { business: { name: `Bakery ${world.attacker.marker}` } } }, ['SELECT 1']))).toEqual([]);
  });

  it('flags SQL run for a refused request', () => {
    expect(kinds(http(400, validationError, ['SELECT "User"."id" FROM "User"']))).toEqual(['sql-before-refusal']);
  });

  it('flags 5xx, masked internal errors and errors without a code', () => {
    expect(kinds(http(500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }))).toEqual(['server-error-status', 'masked-internal-error']);
    expect(kinds(http(200, { errors: [{ message: 'Unable to identify operation' }] }))).toEqual(['error-without-code']);
  });

  it('flags stack traces, source paths and SQL', () => {
    expect(kinds(http(200, { errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', stack: 'Error: x\n    at parse (/work/app/src/x.ts:3:1)' } }] }))).toEqual(['internals-leaked']);
    expect(kinds(http(200, { errors: [{ message: 'Invalid `prisma.business.findUnique()` invocation', extensions: { code: 'NOT_FOUND' } }] }))).toEqual(['internals-leaked']);
  });

  it('flags passwords and tokens that come back, except a token a logIn issued', () => {
    expect(kinds(http(400, { errors: [{ message: `got invalid value "${world.attacker.password}"`, extensions: { code: 'BAD_USER_INPUT' } }] }))).toEqual(['secret-echoed']);
    expect(kinds(http(401, { errors: [{ message: `bad header Bearer ${world.attacker.token}`, extensions: { code: 'UNAUTHENTICATED' } }] }))).toEqual(['secret-echoed']);
    const logIn = { data: { logIn: { __typename: 'AuthPayload', token: world.attacker.token, user: { fullName: `Owner ${world.attacker.marker}` } } } };
    expect(kinds(http(200, logIn), 'anonymous')).toEqual([]);
  });

  it("flags the other tenant's data, and the attacker's own only when the request was anonymous", () => {
    const victimData = http(200, { data: { node: { caption: `Croissants ${world.victim.marker.toUpperCase()}` } } });
    expect(kinds(victimData)).toEqual(['foreign-data-leak']);
    const ownData = http(200, { data: { business: { name: `Bakery ${world.attacker.marker}` } } });
    expect(kinds(ownData, 'owner')).toEqual([]);
    expect(kinds(ownData, 'anonymous')).toEqual(['foreign-data-leak']);
  });
});
