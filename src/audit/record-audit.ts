import type { AuditAction } from '../domain/enums.ts';
import type { Transaction } from '../jobs/job-queue.ts';
import { type AuditScope, currentAuditScope, systemActor } from './audit-scope.ts';
import { ignoredFields, maskedFields, REDACTED, redactedFields } from './audited-models.ts';

type Row = Record<string, unknown>;

/** One change, before the scope (who, on what request) is added. */
export interface AuditChange {
  action: AuditAction;
  entityType: string;
  entityId: string;
  businessId: string | null;
  changes: PrismaJson.AuditChangesJson;
}

/** What the trail stores of a value: JSON, with dates as ISO strings and binary left out. */
function stored(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return '[binary]';
  if (typeof value === 'object' && 'toFixed' in value) return Number(value); // Decimal
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields that differ between two states of a row (either may be null: created, deleted), each
 * with its value before and after. Secrets show only that they changed.
 */
export function changesBetween(before: Row | null, after: Row | null): PrismaJson.AuditChangesJson {
  const changes: PrismaJson.AuditChangesJson = {};
  for (const field of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    if (ignoredFields.has(field)) continue;
    const was = stored(before?.[field]);
    const is = stored(after?.[field]);
    if (same(was, is)) continue;
    const mask = maskedFields[field];
    if (mask) {
      changes[field] = { before: mask(was), after: mask(is) };
      continue;
    }
    changes[field] = redactedFields.has(field) ? { before: was === null ? null : REDACTED, after: is === null ? null : REDACTED } : { before: was, after: is };
  }
  return changes;
}

/** The columns an event takes from the scope it was made in. */
export function scopeColumns(scope: AuditScope | undefined) {
  const actor = scope?.actor ?? systemActor;
  return {
    actorKind: actor.kind,
    actorId: actor.userId,
    apiKeyId: actor.apiKeyId ?? null,
    ruleId: actor.ruleId ?? null,
    operation: scope?.operation ?? null,
    requestId: scope?.requestId ?? null,
    clientAddress: scope?.clientAddress ?? null,
    userAgent: scope?.userAgent ?? null,
  };
}

/** Appends changes to the trail, in the transaction `tx` that makes them. */
export async function recordAudit(tx: Pick<Transaction, 'auditEvent'>, changes: readonly AuditChange[]): Promise<void> {
  if (!changes.length) return;
  const columns = scopeColumns(currentAuditScope());
  await tx.auditEvent.createMany({ data: changes.map((change) => ({ ...change, ...columns })) });
}
