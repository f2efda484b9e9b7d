import { builder } from '../../graphql/builder.ts';
import { UserRoleEnum } from '../../graphql/enums.ts';
import { prisma } from '../../db/client.ts';
import { memberBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';

/** A user is visible to themselves and to the members of the businesses they belong to. */
const visibleUserWhere = (viewer: Viewer | null) => ({
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
    resolve: (query, _root, _args, ctx) => prisma.user.findFirst({ ...query, where: { id: ctx.viewer?.id ?? '' } }),
  }),
);

/** The user who caused an event, as the viewer may see them (null for the system or a user outside the viewer's businesses). */
export const findActor = <Q extends object>(query: Q, actorId: string | null, viewer: Viewer | null) =>
  prisma.user.findFirst({ ...query, where: { id: actorId ?? '', AND: [visibleUserWhere(viewer)] } });
