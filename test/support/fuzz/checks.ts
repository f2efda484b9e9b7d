import type { FuzzOperation } from './operation.ts';
import { errorCode, type Outcome } from './outcome.ts';
import { refusedBeforeExecution } from './refusal.ts';
import type { FuzzWorld } from './tenants.ts';

export type ViolationKind =
  | 'server-error-status'
  | 'masked-internal-error'
  | 'ws-server-error-close'
  | 'no-response'
  | 'server-unhealthy'
  | 'process-error'
  | 'internals-leaked'
  | 'secret-echoed'
  | 'sql-before-refusal'
  | 'foreign-data-leak'
  | 'error-without-code';

export interface Violation {
  kind: ViolationKind;
  detail: string;
}

/** Text that only server internals produce; generated requests never contain any of it. */
const internals: [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\]]+ \(/],
  ['stack frame', /\n\s+at \S/],
  ['source position', /\.(?:ts|js|mjs|cjs):\d+/],
  ['node_modules path', /node_modules/],
  ['absolute path', /(?:^|[\s"'(=])\/(?:work|home|root|usr|tmp|opt|app|srv|var)\/[\w.-]/],
  ['SQL', /\bSELECT\s/],
  ['SQL', /INSERT INTO/],
  ['SQL', /DELETE FROM/],
  ['SQL', /\bUPDATE\s+["`]/],
  ['Prisma', /prisma\./],
  ['Prisma', /Invalid `prisma/],
  ['Prisma', /Prisma\w*Error/],
  ['database error', /SQLITE_[A-Z]+/],
  ['database error', /DriverAdapterError/],
  ['database error', /invalid byte sequence for encoding/],
];

/** Close codes that mean the server failed: 1011 internal error, 4500 graphql-ws internal error. */
const serverErrorCloseCodes = new Set([1011, 4500]);

/**
 * The assertions every operation must pass whatever it was: no 5xx (or masked internal error),
 * an answer, no internals or secrets in what came back, no SQL for a refusal, and none of
 * another tenant's data.
 */
export function checkOutcome(operation: FuzzOperation, outcome: Outcome, world: FuzzWorld): Violation[] {
  const violations: Violation[] = [];
  const add = (kind: ViolationKind, detail: string) => violations.push({ kind, detail });

  if (outcome.status !== undefined && outcome.status >= 500) add('server-error-status', `HTTP ${outcome.status}`);
  for (const result of outcome.allResults) {
    for (const error of result.errors ?? []) {
      if (errorCode(error) === 'INTERNAL_SERVER_ERROR' || error.message === 'Unexpected error.') {
        add('masked-internal-error', `${errorCode(error)}: ${String(error.message)}${error.path ? ` at ${JSON.stringify(error.path)}` : ''}`);
      }
      // The README's contract: every error in errors[] carries extensions.code. Without one, a
      // client cannot tell a refusal from a failure (and neither can the SQL check below).
      if (errorCode(error) === '(none)') add('error-without-code', String(error.message).slice(0, 200));
    }
  }
  if (outcome.close && serverErrorCloseCodes.has(outcome.close.code)) add('ws-server-error-close', `closed ${outcome.close.code} ${outcome.close.reason}`);
  if (outcome.transportError) add('no-response', outcome.transportError);

  const everything = outcome.texts.join('\n');
  for (const [what, pattern] of internals) {
    const match = pattern.exec(everything);
    if (match) {
      add('internals-leaked', `${what}: …${everything.slice(Math.max(0, match.index - 60), match.index + 80)}…`);
      break;
    }
  }

  const secrets = [world.attacker.password, world.victim.password];
  for (const secret of secrets) if (everything.includes(secret)) add('secret-echoed', 'a password from the request came back');
  const withoutIssuedTokens = outcome.texts.map(withoutAuthPayloads).join('\n');
  for (const token of [world.attacker.token, world.victim.token]) if (withoutIssuedTokens.includes(token)) add('secret-echoed', 'a bearer token came back');

  if (outcome.sql.length > 0 && refusedBeforeExecution(outcome)) {
    add('sql-before-refusal', `${outcome.sql.length} statement(s) for a refused operation: ${outcome.sql.map((sql) => sql.slice(0, 80)).join(' | ')}`);
  }

  // The attacker may see its own marker; nobody else's. Anonymous requests may see none.
  const forbidden = operation.auth === 'owner' ? [world.victim] : [world.victim, world.attacker];
  const lower = withoutIssuedTokens.toLowerCase();
  for (const tenant of forbidden) {
    if (lower.includes(tenant.marker)) add('foreign-data-leak', `tenant ${tenant.label}'s data reached ${operation.auth === 'owner' ? 'tenant A' : 'an anonymous client'}`);
  }
  return violations;
}

/**
 * A logIn or signUp legitimately answers with a token and that user: drop both (AuthPayload
 * objects) before looking for tokens and other tenants' data.
 */
function withoutAuthPayloads(text: string): string {
  if (!text.includes('"token"')) return text;
  try {
    return JSON.stringify(JSON.parse(text), (_key, value) => {
      if (value && typeof value === 'object' && !Array.isArray(value) && 'token' in value) {
        const { token: _token, user: _user, ...rest } = value as Record<string, unknown>;
        return rest;
      }
      return value;
    });
  } catch {
    return text;
  }
}
