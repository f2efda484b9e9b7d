import { findBusinessFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import type { AuditAction, AuditActorKind } from '../../domain/enums.ts';
import { parseInput } from '../../domain/fields.ts';
import { z } from 'zod';

/** The API's type of each audited model, where its global IDs name another (a Membership is a Member). */
const typenameOfModel: Record<string, string> = { Membership: 'Member' };
const modelOfTypename: Record<string, string> = { Member: 'Membership' };

export const typenameOf = (entityType: string) => typenameOfModel[entityType] ?? entityType;
export const modelOf = (typename: string) => modelOfTypename[typename] ?? typename;

export interface AuditFilter {
  actorKind?: AuditActorKind | null;
  /** A user (a key's creator, a person) whose changes these are. */
  actorId?: string | null;
  apiKeyId?: string | null;
  ruleId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  action?: AuditAction | null;
  requestId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const filterRules = z
  .object({ from: z.date().nullish(), to: z.date().nullish(), requestId: z.string().max(100).nullish(), entityType: z.string().max(100).nullish() })
  .refine(({ from, to }) => !from || !to || from <= to, { message: '`from` must not be after `to`', path: ['to'] });

/** The rows of the business's trail the filter keeps; the viewer must be allowed to read it (its owner). */
export async function auditWhere(ctx: ServiceContext, businessId: string, filter: AuditFilter = {}) {
  parseInput(filterRules, filter, ['filter']);
  await findBusinessFor(ctx.viewer, businessId, 'readAuditLog');
  const { actorKind, actorId, apiKeyId, ruleId, entityType, entityId, action, requestId, from, to } = filter;
  // Null is "any"; an empty id (one of another type) matches nothing.
  return {
    businessId,
    ...(actorKind == null ? {} : { actorKind }),
    ...(actorId == null ? {} : { actorId }),
    ...(apiKeyId == null ? {} : { apiKeyId }),
    ...(ruleId == null ? {} : { ruleId }),
    ...(entityType == null ? {} : { entityType: modelOf(entityType) }),
    ...(entityId == null ? {} : { entityId }),
    ...(action == null ? {} : { action }),
    ...(requestId == null ? {} : { requestId }),
    ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
  };
}
