import { ConflictError, RateLimitedError, UnauthenticatedError } from '../../domain/errors.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import type { User } from '../../generated/prisma-postgresql/client.ts';
import { logIn, signUp } from './account.service.ts';
import { UserNode } from './user.schema.ts';

interface AuthPayloadShape {
  token: string;
  user: User;
}

const AuthPayload = builder.objectRef<AuthPayloadShape>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`.' }),
    // UserNode selects only what the query asks for, so the signed-in user is read with that selection.
    user: t.prismaField({
      type: UserNode,
      resolve: (query, payload) => prisma.user.findUniqueOrThrow({ ...query, where: { id: payload.user.id } }),
    }),
  }),
});

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true, description: 'At least 8 characters.' }),
    fullName: t.string({ required: true }),
  }),
});

const LogInInput = builder.inputType('LogInInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayload,
    errors: { types: [ConflictError, RateLimitedError] },
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: (_root, { input }, ctx) => signUp(ctx.app, { input, clientAddress: ctx.clientAddress }),
  }),
  logIn: t.field({
    type: AuthPayload,
    errors: { types: [UnauthenticatedError, RateLimitedError] },
    args: { input: t.arg({ type: LogInInput, required: true }) },
    resolve: (_root, { input }, ctx) => logIn(ctx.app, { input, clientAddress: ctx.clientAddress }),
  }),
}));
