import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { ConflictError } from '../../domain/errors.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum, PlatformEnum, SocialAccountStatusEnum, SocialProviderEnum } from '../../graphql/enums.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { ContentNode } from '../content/content.schema.ts';
import { calendarOrder, calendarWhere } from './calendar.service.ts';
import { connectSocialAccount, disconnectSocialAccount, updateSocialAccount } from './social-account.service.ts';

export const SocialAccountNode = builder.prismaNode('SocialAccount', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  description: 'Where a business publishes on one platform. Its secret and profile key are write-only.',
  fields: (t) => ({
    platform: t.expose('platform', { type: PlatformEnum }),
    provider: t.expose('provider', {
      type: SocialProviderEnum,
      description: 'OFFLINE publishes nowhere and simulates metrics; WEBHOOK posts to your URL; AYRSHARE publishes through your Ayrshare account and reads its metrics.',
    }),
    handle: t.exposeString('handle'),
    status: t.expose('status', { type: SocialAccountStatusEnum }),
    url: t.exposeString('url', { nullable: true, description: "WEBHOOK: where posts are sent. AYRSHARE: the Ayrshare API's base URL, when not the server's default." }),
    hasSecret: t.boolean({ select: { secret: true }, resolve: (account) => account.secret !== null }),
    hasProfileKey: t.boolean({ select: { profileKey: true }, resolve: (account) => account.profileKey !== null }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'The last publishing failure through this account, cleared by a success.' }),
    business: t.relation('business', { type: BusinessNode }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField(BusinessNode, 'socialAccounts', (t) =>
  t.relation('socialAccounts', { type: SocialAccountNode, extensions: { maxItems: 8 }, query: { orderBy: [{ platform: 'asc' }] } }),
);

builder.prismaObjectField(ContentNode, 'platformPostId', (t) =>
  t.exposeString('platformPostId', {
    nullable: true,
    description: "The post's id at its publisher, once published: the platform's post id, or for AYRSHARE the Ayrshare post id (the platform's post is at postUrl).",
  }),
);

const SocialAccountInput = createAndUpdateInputs('SocialAccount', {
  createOnly: (t) => ({
    businessId: t.id({ required: true }),
    platform: t.field({ type: PlatformEnum, required: true }),
    provider: t.field({ type: SocialProviderEnum, required: true }),
  }),
  fields: (t, onCreate) => ({
    handle: t.string({ required: onCreate }),
    url: t.string({ description: "WEBHOOK: the http(s) URL posts are sent to. AYRSHARE: optional, the Ayrshare API's base URL (default: the server's AYRSHARE_BASE_URL)." }),
    secret: t.string({ description: 'WEBHOOK: the Standard Webhooks signing secret (whsec_…). AYRSHARE: your Ayrshare API key. Write-only: never returned.' }),
    profileKey: t.string({ description: 'AYRSHARE: optional, the Profile-Key of the Ayrshare User Profile to publish as. Write-only: never returned.' }),
  }),
});

const AccountIdInput = builder.inputType('DisconnectSocialAccountInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    connectSocialAccount: signedIn.prismaField({
      type: SocialAccountNode,
      errors: { types: [ConflictError] },
      description: 'Connects a publishing account for one platform to a business you are a member of (one per platform: CONFLICT otherwise).',
      args: { input: t.arg({ type: SocialAccountInput.create, required: true }) },
      resolve: (query, _root, { input: { businessId, ...input } }, ctx) => connectSocialAccount(ctx, { businessId: localId(businessId, 'Business'), input, query }),
    }),
    updateSocialAccount: signedIn.prismaField({
      type: SocialAccountNode,
      errors: {},
      description: 'Changes the handle, URL, secret or profile key; a disconnected account is connected again.',
      args: { input: t.arg({ type: SocialAccountInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateSocialAccount(ctx, { id: localId(id, 'SocialAccount'), input, query }),
    }),
    disconnectSocialAccount: signedIn.prismaField({
      type: SocialAccountNode,
      errors: {},
      description: 'Stops publishing through the account; content scheduled for its platform fails when due, saying why.',
      args: { input: t.arg({ type: AccountIdInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => disconnectSocialAccount(ctx, { id: localId(input.id, 'SocialAccount'), query }),
    }),
  };
});

builder.queryField('calendar', (t) =>
  t.withAuth({ authenticated: true }).prismaConnection({
    type: ContentNode,
    cursor: 'id',
    description: 'Scheduled, publishing, published and failed content of a business you are a member of by date (scheduledAt, else publishedAt) in [from, to), earliest first.',
    args: {
      businessId: t.arg.id({ required: true }),
      from: t.arg({ type: 'DateTime', required: true, description: 'Inclusive.' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'Exclusive; at most 366 days after from.' }),
      platform: t.arg({ type: PlatformEnum }),
      status: t.arg({ type: ContentStatusEnum, description: 'One of SCHEDULED, PUBLISHING, PUBLISHED, FAILED.' }),
    },
    totalCount: async (_connection, { businessId, ...filters }, ctx) => prisma.content.count({ where: await calendarWhere(ctx, { businessId: localId(businessId, 'Business'), filters }) }),
    resolve: async (query, _root, { businessId, ...filters }, ctx) => {
      const where = await calendarWhere(ctx, { businessId: localId(businessId, 'Business'), filters });
      return findPageInScope(
        query,
        (id) => prisma.content.count({ where: { AND: [where, { id }] } }),
        (page) => prisma.content.findMany({ ...page, where, orderBy: calendarOrder }),
      );
    },
  }),
);
