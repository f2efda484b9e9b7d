import { AsyncLocalStorage } from 'node:async_hooks';
import type { Viewer } from '../auth/viewer.ts';
import type { AuditActorKind } from '../domain/enums.ts';

export interface AuditActor {
  kind: AuditActorKind;
  /** The user who acted (an API key's creator; for a rule, whoever caused it to run). */
  userId: string | null;
  apiKeyId?: string | null;
  ruleId?: string | null;
}

/**
 * Who is changing data and on whose request: one per HTTP request, WebSocket operation, job run
 * or script, opened where the caller is known (src/graphql/audit-scope.ts, the MCP server, the
 * job runner).
 */
export interface AuditScope {
  actor: AuditActor;
  operation?: string;
  requestId?: string;
  clientAddress?: string;
  userAgent?: string;
  /** Set while a service writes rows whose change it records itself as one event (the trash). */
  rowsMuted?: boolean;
}

export const systemActor: AuditActor = { kind: 'SYSTEM', userId: null };

const storage = new AsyncLocalStorage<AuditScope>();

// On Node 20 an AsyncLocalStorage that has run once keeps promise hooks on for every promise the
// process makes (about 5 % of a read's CPU, measured by bench:http). Scopes wrap writes only
// (mutations, jobs, tool calls), so the hooks are switched off again whenever none is open.
let openScopes = 0;
const closeScope = () => {
  if (--openScopes === 0) storage.disable();
};

function runCounted<T>(scope: AuditScope, work: () => T): T {
  openScopes++;
  let result: T;
  try {
    result = storage.run(scope, work);
  } catch (error) {
    closeScope();
    throw error;
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') return Promise.resolve(result).finally(closeScope) as T;
  closeScope();
  return result;
}

export function runInAuditScope<T>(scope: Partial<AuditScope>, work: () => T): T {
  return runCounted({ actor: systemActor, ...scope }, work);
}

/** The scope of what is running now; writes outside any scope (scripts, seeds) are the system's. */
export const currentAuditScope = (): AuditScope | undefined => storage.getStore();

export function actorOfViewer(viewer: Viewer): AuditActor {
  return viewer.apiKey ? { kind: 'API_KEY', userId: viewer.id, apiKeyId: viewer.apiKey.id } : { kind: 'USER', userId: viewer.id };
}

/** Runs a rule's actions as the rule (keeping the request or job it runs within). */
export function asRule<T>(ruleId: string, userId: string | null, work: () => T): T {
  return runCounted({ ...storage.getStore(), actor: { kind: 'RULE', userId, ruleId } }, work);
}

/** Runs writes whose rows are not audited one by one: the caller records the change itself. */
export function withRowsMuted<T>(work: () => T): T {
  return runCounted({ actor: systemActor, ...storage.getStore(), rowsMuted: true }, work);
}
