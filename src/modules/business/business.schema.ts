import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { CampaignStatusEnum, IndustryEnum, MessageStatusEnum, PlanEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import {
  ContentPreferences,
  ContentPreferencesInput,
  type ContentPreferencesShape,
  TargetAudience,
  TargetAudienceInput,
  type TargetAudienceShape,
} from '../../graphql/shapes.ts';
import { UserNode } from '../account/user.schema.ts';
import { ownedBusinessWhere, requireViewer } from '../../auth/tenancy.ts';
import { createBusiness, deleteBusiness, updateBusiness } from './business.service.ts';

export const BusinessNode = builder.prismaNode('Business', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    industry: t.expose('industry', { type: IndustryEnum }),
    description: t.exposeString('description', { nullable: true }),
    targetAudience: t.field({
      type: TargetAudience,
      nullable: true,
      resolve: (business) => business.targetAudience as TargetAudienceShape | null,
    }),
    brandVoice: t.exposeString('brandVoice', { nullable: true }),
    contentPreferences: t.field({
      type: ContentPreferences,
      nullable: true,
      resolve: (business) => business.contentPreferences as ContentPreferencesShape | null,
    }),
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
      query: ({ status }) => ({
        where: status ? { status } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
    }),
    messages: t.relatedConnection('messages', {
      cursor: 'id',
      totalCount: true,
      args: { status: t.arg({ type: MessageStatusEnum }) },
      query: ({ status }) => ({
        where: status ? { status } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
    }),
  }),
});

builder.queryFields((t) => ({
  business: t.prismaField({
    type: BusinessNode,
    nullable: true,
    description: 'A business you own; null for anything else.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = localIdForRead(args.id, 'Business');
      return prisma.business.findFirst({ ...query, where: { id, ...ownedBusinessWhere(ctx.viewer) } });
    },
  }),
  businesses: t.prismaConnection({
    type: BusinessNode,
    cursor: 'id',
    description: 'The businesses you own, newest first.',
    totalCount: (_connection, _args, ctx) => prisma.business.count({ where: ownedBusinessWhere(requireViewer(ctx.viewer)) }),
    resolve: (query, _root, _args, ctx) =>
      prisma.business.findMany({
        ...query,
        where: ownedBusinessWhere(requireViewer(ctx.viewer)),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

const CreateBusinessInput = builder.inputType('CreateBusinessInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    industry: t.field({ type: IndustryEnum, required: true }),
    description: t.string(),
    targetAudience: t.field({ type: TargetAudienceInput }),
    brandVoice: t.string(),
    contentPreferences: t.field({ type: ContentPreferencesInput }),
    autoReplyThreshold: t.float({ description: '0 to 1; default 0.85.' }),
  }),
});

const UpdateBusinessInput = builder.inputType('UpdateBusinessInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    industry: t.field({ type: IndustryEnum }),
    description: t.string(),
    targetAudience: t.field({ type: TargetAudienceInput }),
    brandVoice: t.string(),
    contentPreferences: t.field({ type: ContentPreferencesInput }),
    autoReplyThreshold: t.float({ description: '0 to 1.' }),
  }),
});

const DeleteBusinessInput = builder.inputType('DeleteBusinessInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const DeletedBusiness = builder.simpleObject('DeletedBusiness', {
  fields: (t) => ({ deletedId: t.id({ description: 'The global ID of the deleted business.' }) }),
});

builder.mutationFields((t) => ({
  createBusiness: t.prismaField({
    errors: {},
    type: BusinessNode,
    args: { input: t.arg({ type: CreateBusinessInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => createBusiness({ viewer: ctx.viewer, input, query }),
  }),
  updateBusiness: t.prismaField({
    errors: {},
    type: BusinessNode,
    args: { input: t.arg({ type: UpdateBusinessInput, required: true }) },
    resolve: (query, _root, { input: { id, ...input } }, ctx) =>
      updateBusiness({ viewer: ctx.viewer, id: localId(id, 'Business'), input, query }),
  }),
  deleteBusiness: t.field({
    errors: {},
    type: DeletedBusiness,
    args: { input: t.arg({ type: DeleteBusinessInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await deleteBusiness({ viewer: ctx.viewer, id: localId(input.id, 'Business') });
      return { deletedId: input.id };
    },
  }),
}));
