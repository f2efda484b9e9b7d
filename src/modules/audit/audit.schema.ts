import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { builder } from '../../graphql/builder.ts';
import type { AuthenticatedContext } from '../../graphql/context.ts';
import { decodeGlobalIdSafely, globalId, localId, localIdForRead } from '../../graphql/ids.ts';
import { loadActor } from '../account/actor-loader.ts';
import { UserNode } from '../account/user.schema.ts';
import { type AuditFilter, auditWhere, typenameOf } from './audit.service.ts';

const AuditActorKindEnum = builder.enumType('AuditActorKind', {
  values: ['USER', 'API_KEY', 'SYSTEM', 'RULE'] as const,
  description: 'USER: a person (null `actor` when not signed in, as for signUp). API_KEY: a program with a key, acting for its creator. SYSTEM: a job or script. RULE: an automation rule.',
});

const AuditActionEnum = builder.enumType('AuditAction', {
  values: ['CREATE', 'UPDATE', 'DELETE', 'TRASH', 'RESTORE', 'PURGE'] as const,
  description: 'TRASH, RESTORE and PURGE: moves of an object (with everything below it) into, out of, and out of existence from the trash.',
});

/** A changed field with its values; `[redacted]` stands for a secret's. */
const AuditChange = builder.simpleObject('AuditChange', {
  fields: (t) => ({
    field: t.string(),
    before: t.field({ type: 'JSON', nullable: true }),
    after: t.field({ type: 'JSON', nullable: true }),
  }),
});

export const AuditEventRef = builder.prismaObject('AuditEvent', {
  description: 'One change to the business’s data, appended in the transaction that made it: never edited or deleted, kept after what it describes is gone.',
  fields: (t) => ({
    id: t.id({ resolve: (event) => globalId('AuditEvent', event.id) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    action: t.field({ type: AuditActionEnum, resolve: (event) => event.action }),
    actorKind: t.field({ type: AuditActorKindEnum, resolve: (event) => event.actorKind }),
    actor: t.prismaField({
      type: UserNode,
      nullable: true,
      description:
        'The person who acted (for API_KEY, the key’s creator), as node(id) gives them; null for the system, once the account is gone, and for a user who shares no business with you now (a former member).',
      resolve: (query, event, _args, ctx) => loadActor(ctx, query, event.actorId),
    }),
    apiKeyId: t.id({ nullable: true, description: 'API_KEY: the global ID of the key.', resolve: (event) => (event.apiKeyId ? globalId('ApiKey', event.apiKeyId) : null) }),
    ruleId: t.id({ nullable: true, description: 'RULE: the global ID of the automation rule.', resolve: (event) => (event.ruleId ? globalId('AutomationRule', event.ruleId) : null) }),
    entityType: t.string({ description: 'The type changed: Content, Campaign, Member, ...', resolve: (event) => typenameOf(event.entityType) }),
    entityId: t.id({ description: 'Its global ID (of a row that may no longer exist).', resolve: (event) => globalId(typenameOf(event.entityType), event.entityId) }),
    operation: t.exposeString('operation', { nullable: true, description: 'What made the change: the GraphQL mutation (`updateContent`), `REST …`, `mcp <tool>` or `job <name>`.' }),
    changes: t.field({
      type: [AuditChange],
      description: 'Each changed field with its value before and after (everything, for a creation or deletion).',
      resolve: (event) => Object.entries(event.changes).map(([field, { before, after }]) => ({ field, before, after })),
    }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The X-Request-Id of the request (or `job:<id>`), as in the server’s log lines.' }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
  }),
});

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    actorKind: t.field({ type: AuditActorKindEnum }),
    actorId: t.id({ description: 'The global ID of the User who acted.' }),
    apiKeyId: t.id({ description: 'The global ID of an ApiKey.' }),
    ruleId: t.id({ description: 'The global ID of an AutomationRule.' }),
    entityType: t.string({ description: 'Content, Campaign, Member, ... as `entityType` gives it.' }),
    entityId: t.id({ description: 'The global ID of what changed.' }),
    action: t.field({ type: AuditActionEnum }),
    requestId: t.string({ description: 'Everything one request changed.' }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

/** A filter's id of another type (or malformed) becomes '', which no row has: it matches nothing, as elsewhere. */
const idFilter = (id: string | null | undefined, typename: string) => (id == null ? null : localIdForRead(id, typename));
/** What changed may be of any type: its global ID names it. */
function entityIdFilter(id: string | null | undefined) {
  if (id == null) return null;
  try {
    return decodeGlobalIdSafely(id).id;
  } catch {
    return '';
  }
}

async function whereOf(args: { businessId: string; filter?: (Omit<AuditFilter, 'from' | 'to'> & { from?: Date | null; to?: Date | null }) | null }, ctx: AuthenticatedContext) {
  const raw = args.filter ?? {};
  const filter: AuditFilter = {
    ...raw,
    actorId: idFilter(raw.actorId, 'User'),
    apiKeyId: idFilter(raw.apiKeyId, 'ApiKey'),
    ruleId: idFilter(raw.ruleId, 'AutomationRule'),
    entityId: entityIdFilter(raw.entityId),
  };
  return auditWhere(ctx, localId(args.businessId, 'Business'), filter);
}

// totalCount and the page are asked with the same arguments object: one check of the business serves both.
const wheres = new WeakMap<object, ReturnType<typeof whereOf>>();
function whereOnce(args: Parameters<typeof whereOf>[0], ctx: AuthenticatedContext) {
  let where = wheres.get(args);
  if (!where) {
    where = whereOf(args, ctx);
    wheres.set(args, where);
  }
  return where;
}

const auditOrder = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

builder.queryField('auditLog', (t) =>
  t.withAuth({ authenticated: true }).prismaConnection({
    type: AuditEventRef,
    cursor: 'id',
    description: "Who changed what in the business, newest first: every mutation's and job's changes, with the fields' values before and after. Its owner's to read.",
    args: { businessId: t.arg.id({ required: true }), filter: t.arg({ type: AuditLogFilter }) },
    totalCount: async (_connection, args, ctx) => prisma.auditEvent.count({ where: await whereOnce(args, ctx) }),
    resolve: async (query, _root, args, ctx) => {
      const where = await whereOnce(args, ctx);
      return findPageInScope(
        query,
        (id) => prisma.auditEvent.count({ where: { ...where, id } }),
        (page) => prisma.auditEvent.findMany({ ...page, where, orderBy: auditOrder }),
      );
    },
  }),
);
