import { findBusinessFor, memberBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { apiKeyScopes } from '../../domain/roles.ts';
import type { ApiKey } from '../../generated/prisma-postgresql/client.ts';
import { builder } from '../../graphql/builder.ts';
import { localId } from '../../graphql/ids.ts';
import { visibleUserField } from '../account/user.schema.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { createApiKey, MAX_API_KEYS_PER_BUSINESS, revokeApiKey } from './api-key.service.ts';

const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  values: apiKeyScopes,
  description: 'READ: queries and subscriptions. WRITE: campaigns, content, tags, engagement, messages. AI: paid generation. ADMIN: approval, scheduling, rules, social accounts, webhooks, API keys.',
});
const ApiKeyStatusEnum = builder.enumType('ApiKeyStatus', { values: ['ACTIVE', 'REVOKED', 'EXPIRED'] as const });

/** Keys are seen by their business's ADMINs and OWNER (and its keys with the ADMIN scope). */
export const visibleApiKeyWhere = (id: string, viewer: Viewer | null) => ({
  id,
  business: { memberships: { some: { ...memberBusinessWhere(viewer).memberships.some, role: { in: ['OWNER' as const, 'ADMIN' as const] } } } },
  ...(viewer?.apiKey && !viewer.apiKey.scopes.includes('ADMIN') ? { id: '' } : {}),
});

export const ApiKeyNode = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => visibleApiKeyWhere(id, ctx.viewer),
  description: 'A key programs use as `Authorization: Bearer hk_…`; the key itself is shown once, by createApiKey.',
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], select: { scopes: true }, resolve: (key) => key.scopes.filter((s): s is (typeof apiKeyScopes)[number] => (apiKeyScopes as readonly string[]).includes(s)) }),
    status: t.field({
      type: ApiKeyStatusEnum,
      select: { revokedAt: true, expiresAt: true },
      resolve: (key, _args, ctx) => (key.revokedAt ? 'REVOKED' : key.expiresAt && key.expiresAt <= ctx.app.clock.now() ? 'EXPIRED' : 'ACTIVE'),
    }),
    createdBy: t.field(
      visibleUserField(
        'createdBy',
        'The member the key acts for: it can do no more than their role allows. Null once they share no business with you (a removed member, whose key acts for no one).',
      ),
    ),
    business: t.relation('business', { type: BusinessNode }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the minute.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.withAuth({ authenticated: true }).prismaConnection({
    type: ApiKeyNode,
    cursor: 'id',
    description: "A business's API keys, newest first (ADMIN and OWNER; FORBIDDEN for other members).",
    args: { businessId: t.arg.id({ required: true }) },
    // Pothos skips resolve when only totalCount is asked for: it is checked here too.
    totalCount: async (_connection, args, ctx) => {
      const businessId = localId(args.businessId, 'Business');
      await findBusinessFor(ctx.viewer, businessId, 'manageApiKeys');
      return prisma.apiKey.count({ where: { businessId } });
    },
    resolve: async (query, _root, args, ctx) => {
      const businessId = localId(args.businessId, 'Business');
      await findBusinessFor(ctx.viewer, businessId, 'manageApiKeys');
      return findPageInScope(
        query,
        (id) => prisma.apiKey.count({ where: { businessId, id } }),
        (page) => prisma.apiKey.findMany({ ...page, where: { businessId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      );
    },
  }),
);

const CreateApiKeyPayload = builder.objectRef<{ apiKey: ApiKey; key: string }>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyNode, resolve: (payload) => payload.apiKey }),
    key: t.exposeString('key', { description: 'Shown once: store it now. Send it as `Authorization: Bearer <key>`.' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    name: t.string({ required: true }),
    scopes: t.field({ type: [ApiKeyScopeEnum], required: true }),
    expiresAt: t.field({ type: 'DateTime', description: 'Null: until revoked.' }),
  }),
});
const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createApiKey: signedIn.field({
      type: CreateApiKeyPayload,
      errors: {},
      description: `Creates a key for a business (ADMIN and OWNER; at most ${MAX_API_KEYS_PER_BUSINESS} active). It acts for you, within its scopes, while your role allows.`,
      args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
      resolve: (_root, { input: { businessId, ...input } }, ctx) => createApiKey(ctx, { businessId: localId(businessId, 'Business'), input }),
    }),
    revokeApiKey: signedIn.prismaField({
      type: ApiKeyNode,
      errors: { types: [InvalidTransitionError] },
      description: 'Refuses the key from now on (UNAUTHENTICATED), its open subscriptions included.',
      args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => revokeApiKey(ctx, { id: localId(input.id, 'ApiKey'), query }),
    }),
  };
});
