import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { prisma } from '../db/client.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../domain/errors.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { AuthenticatedContext, Context } from './context.ts';
import { decodeNodeGlobalId } from './ids.ts';
import { defaultQueryLimits } from './limits.ts';
import { DateTime, JSONValue } from './scalars.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: AuthenticatedContext };
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  // Errors before scope-auth, so a refused mutation comes back as its typed UnauthenticatedError.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin, SimpleObjectsPlugin],
  scopeAuth: {
    authScopes: (context) => ({ authenticated: context.viewer !== null }),
    // The only scope is being signed in; mutations return this as their typed error.
    unauthorizedError: () => new UnauthenticatedError(),
    authorizeOnSubscribe: true,
  },
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    maxConnectionSize: defaultQueryLimits.maxPageSize,
    defaultConnectionSize: defaultQueryLimits.defaultPageSize,
    // A resolver that forgets to spread `query` would silently cause N+1 queries.
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: decodeNodeGlobalId,
  },
  errors: {
    directResult: true,
    defaultTypes: [ValidationError, UnauthenticatedError, ForbiddenError, NotFoundError],
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
});

builder.queryType();
builder.mutationType();
builder.subscriptionType();
builder.addScalarType('DateTime', DateTime);
builder.addScalarType('JSON', JSONValue);
