import { builder } from '../../graphql/builder.ts';
import { UserRoleEnum } from '../../graphql/enums.ts';
import { prisma } from '../../db/client.ts';

// A user is visible only to themselves.
export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ id: ctx.viewer?.id ?? '' }] }),
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

/** The user who caused an event, visible only to themselves (null for the system or others). */
export const findActor = <Q extends object>(query: Q, actorId: string | null, viewer: { id: string } | null) =>
  prisma.user.findFirst({ ...query, where: { id: actorId ?? '', AND: [{ id: viewer?.id ?? '' }] } });
