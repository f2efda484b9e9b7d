import { builder } from '../../graphql/builder.ts';
import { compiledRead } from '../../graphql/compiled-reads/read-descriptors.ts';
import { UserRoleEnum } from '../../graphql/enums.ts';
import { prisma } from '../../db/client.ts';
import { memberBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';

/** A user is visible to themselves and to the members of the businesses they belong to. */
export const visibleUserWhere = (viewer: Viewer | null) => ({
  OR: [{ id: viewer?.id ?? '' }, { memberships: { some: { business: memberBusinessWhere(viewer) } } }],
});

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visibleUserWhere(ctx.viewer)] }),
  fields: (t) => ({
    email: t.exposeString('email'),
    fullName: t.exposeString('fullName'),
    role: t.expose('role', { type: UserRoleEnum }),
    isActive: t.exposeBoolean('isActive'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The signed-in user, or null when the request carries no token.',
    extensions: compiledRead({ kind: 'rootRow', model: 'User', where: (_args, ctx) => ({ id: ctx.viewer?.id ?? '' }) }),
    resolve: (query, _root, _args, ctx) => prisma.user.findFirst({ ...query, where: { id: ctx.viewer?.id ?? '' } }),
  }),
);

/** The user who caused an event, as the viewer may see them (null for the system or a user outside the viewer's businesses). */
export const findActor = <Q extends object>(query: Q, actorId: string | null, viewer: Viewer | null) =>
  prisma.user.findFirst({ ...query, where: { id: actorId ?? '', AND: [visibleUserWhere(viewer)] } });

/**
 * The selection of a user a row points at (who created, approved or invited it), with what tells
 * whether the viewer may see them: `relation: visibleUserSelection(viewer, nestedSelection(true))`.
 */
export function visibleUserSelection(viewer: Viewer | null, nested: unknown) {
  const fields = typeof nested === 'object' && nested !== null && 'select' in nested ? (nested as { select: object }).select : { id: true };
  return { select: { ...fields, id: true, memberships: { where: { business: memberBusinessWhere(viewer) }, select: { id: true }, take: 1 } } };
}

type VisibleUser = { id: string; memberships: { id: string }[] };

/** That user as node(id) would give them: to themselves and to members of their businesses; null to anyone else (a former member, say). */
export const visibleUserOrNull = <U extends { id: string; memberships: unknown[] }>(user: U | null, viewer: Viewer | null): U | null =>
  user && (user.id === viewer?.id || user.memberships.length > 0) ? user : null;

/**
 * The options of a field naming the user a row points at through `relation` (who created, approved,
 * deleted it), read with the row and shown as node(id) shows users: `t.field(visibleUserField('createdBy', '…'))`.
 */
export const visibleUserField = <Relation extends string>(relation: Relation, description: string) => ({
  type: UserNode,
  nullable: true as const,
  description,
  select: (_args: unknown, ctx: { viewer: Viewer | null }, nestedSelection: (select: true) => unknown) =>
    ({ [relation]: visibleUserSelection(ctx.viewer, nestedSelection(true)) }) as Record<Relation, ReturnType<typeof visibleUserSelection>>,
  resolve: (row: Record<Relation, VisibleUser | null>, _args: unknown, ctx: { viewer: Viewer | null }) => visibleUserOrNull(row[relation], ctx.viewer),
});
