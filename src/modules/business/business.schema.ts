import { memberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import type { CampaignStatus } from '../../domain/enums.ts';
import type { ContentPreferences as ContentPreferencesShape, TargetAudience as TargetAudienceShape } from '../../domain/json-columns.ts';
import { builder } from '../../graphql/builder.ts';
import { compiledRead } from '../../graphql/compiled-reads/read-descriptors.ts';
import type { Context } from '../../graphql/context.ts';
import { CampaignStatusEnum, IndustryEnum, MessageStatusEnum, PlanEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { UserNode } from '../account/user.schema.ts';
import { createBusiness, updateBusiness } from './business.service.ts';

const TargetAudience = builder.objectRef<TargetAudienceShape>('TargetAudience').implement({
  fields: (t) => ({
    ageRange: t.string({ nullable: true, resolve: (a) => a.ageRange ?? null }),
    genderFocus: t.string({ nullable: true, resolve: (a) => a.genderFocus ?? null }),
    location: t.string({ nullable: true, resolve: (a) => a.location ?? null }),
    interests: t.stringList({ resolve: (a) => a.interests ?? [] }),
  }),
});

const ContentPreferences = builder.objectRef<ContentPreferencesShape>('ContentPreferences').implement({
  fields: (t) => ({
    platforms: t.field({ type: [PlatformEnum], resolve: (p) => p.platforms ?? [] }),
    tone: t.string({ nullable: true, resolve: (p) => p.tone ?? null }),
    postFrequencyPerWeek: t.int({ nullable: true, resolve: (p) => p.postFrequencyPerWeek ?? null }),
  }),
});

const campaignsQuery = ({ status }: { status?: CampaignStatus | null }) => ({
  where: status ? { status } : {},
  orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
});

const businessesOrder = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
const businessWhere = (args: { id: string }, ctx: Context) => ({ id: localIdForRead(args.id, 'Business'), ...memberBusinessWhere(ctx.viewer) });

export const BusinessNode = builder.prismaNode('Business', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...memberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    industry: t.expose('industry', { type: IndustryEnum }),
    description: t.exposeString('description', { nullable: true }),
    targetAudience: t.expose('targetAudience', { type: TargetAudience, nullable: true }),
    brandVoice: t.exposeString('brandVoice', { nullable: true }),
    contentPreferences: t.expose('contentPreferences', { type: ContentPreferences, nullable: true }),
    plan: t.expose('plan', { type: PlanEnum }),
    autoReplyThreshold: t.exposeFloat('autoReplyThreshold', {
      description: 'Drafted replies at or above this confidence (0–1) are sent without review.',
    }),
    owner: t.relation('owner', { type: UserNode }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    campaigns: t.relatedConnection('campaigns', {
      cursor: 'id',
      totalCount: true,
      args: { status: t.arg({ type: CampaignStatusEnum }) },
      query: campaignsQuery,
      extensions: compiledRead({ kind: 'relationConnection', relation: 'campaigns', query: campaignsQuery }),
    }),
    messages: t.relatedConnection('messages', {
      cursor: 'id',
      totalCount: true,
      args: { status: t.arg({ type: MessageStatusEnum }) },
      query: ({ status }) => ({ where: status ? { status } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    }),
  }),
});

builder.queryFields((t) => ({
  business: t.prismaField({
    type: BusinessNode,
    nullable: true,
    description: 'A business you are a member of; null for anything else.',
    args: { id: t.arg.id({ required: true }) },
    extensions: compiledRead({ kind: 'rootRow', model: 'Business', where: (args, ctx) => businessWhere(args as { id: string }, ctx) }),
    resolve: (query, _root, args, ctx) => prisma.business.findFirst({ ...query, where: businessWhere(args, ctx) }),
  }),
  businesses: t.withAuth({ authenticated: true }).prismaConnection({
    type: BusinessNode,
    cursor: 'id',
    description: 'The businesses you are a member of (in any role; see viewerRole), newest first.',
    totalCount: (_connection, _args, ctx) => prisma.business.count({ where: memberBusinessWhere(ctx.viewer) }),
    extensions: compiledRead({ kind: 'rootConnection', model: 'Business', where: (_args, ctx) => memberBusinessWhere(ctx.viewer), orderBy: businessesOrder }),
    resolve: async (query, _root, _args, ctx) => {
      const where = memberBusinessWhere(ctx.viewer);
      return findPageInScope(
        query,
        (id) => prisma.business.count({ where: { ...where, id } }),
        (page) => prisma.business.findMany({ ...page, where, orderBy: businessesOrder }),
      );
    },
  }),
}));

const TargetAudienceInput = builder.inputType('TargetAudienceInput', {
  fields: (t) => ({ ageRange: t.string(), genderFocus: t.string(), location: t.string(), interests: t.stringList() }),
});

const ContentPreferencesInput = builder.inputType('ContentPreferencesInput', {
  fields: (t) => ({ platforms: t.field({ type: [PlatformEnum] }), tone: t.string(), postFrequencyPerWeek: t.int() }),
});

const BusinessInput = createAndUpdateInputs('Business', {
  updateDescription: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t, onCreate) => ({
    name: t.string({ required: onCreate }),
    industry: t.field({ type: IndustryEnum, required: onCreate }),
    description: t.string(),
    targetAudience: t.field({ type: TargetAudienceInput }),
    brandVoice: t.string(),
    contentPreferences: t.field({ type: ContentPreferencesInput }),
    autoReplyThreshold: t.float({ description: onCreate ? '0 to 1; default 0.85.' : '0 to 1.' }),
    requireApproval: t.boolean({
      description: 'Whether content needs an ADMIN or OWNER approval before APPROVED and SCHEDULED. Null (the default): required once the business has more than one member.',
    }),
  }),
});

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createBusiness: signedIn.prismaField({
      errors: {},
      type: BusinessNode,
      args: { input: t.arg({ type: BusinessInput.create, required: true }) },
      resolve: (query, _root, { input }, ctx) => createBusiness(ctx, { input, query }),
    }),
    updateBusiness: signedIn.prismaField({
      errors: {},
      type: BusinessNode,
      args: { input: t.arg({ type: BusinessInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateBusiness(ctx, { id: localId(id, 'Business'), input, query }),
    }),
  };
});
