import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import type { CalendarEntry as CalendarEntryShape } from '../../domain/json-columns.ts';
import { MAX_CALENDAR_ENTRIES } from '../../domain/fields.ts';
import { campaignTransitions } from '../../domain/lifecycles.ts';
import { normalizeTag } from '../../domain/tags.ts';
import { builder } from '../../graphql/builder.ts';
import type { ContentStatus, Platform } from '../../domain/enums.ts';
import type { Context } from '../../graphql/context.ts';
import { compiledRead } from '../../graphql/compiled-reads/read-descriptors.ts';
import { CampaignStatusEnum, CampaignTypeEnum, ContentStatusEnum, ContentTypeEnum, GenerationStatusEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { visibleUserField } from '../account/user.schema.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { createCampaign, transitionCampaign, updateCampaign } from './campaign.service.ts';

const CalendarEntry = builder.objectRef<CalendarEntryShape>('CalendarEntry').implement({
  fields: (t) => ({
    day: t.exposeInt('day'),
    platform: t.expose('platform', { type: PlatformEnum }),
    contentType: t.expose('contentType', { type: ContentTypeEnum }),
    theme: t.exposeString('theme'),
  }),
});

const CalendarEntryInput = builder.inputType('CalendarEntryInput', {
  fields: (t) => ({
    day: t.int({ required: true }),
    platform: t.field({ type: PlatformEnum, required: true }),
    contentType: t.field({ type: ContentTypeEnum, required: true }),
    theme: t.string({ required: true }),
  }),
});

const contentsQuery = ({ status, platform, categoryId, tag }: { status?: ContentStatus | null; platform?: Platform | null; categoryId?: string | null; tag?: string | null }) => ({
  where: {
    ...(status ? { status } : {}),
    ...(platform ? { platform } : {}),
    ...(categoryId ? { primaryCategoryId: localIdForRead(categoryId, 'Category') } : {}),
    ...(tag ? { tags: { some: { tag: { name: normalizeTag(tag) ?? '' } } } } : {}),
  },
  orderBy: [{ day: 'asc' as const }, { createdAt: 'asc' as const }, { id: 'asc' as const }],
});

const campaignWhere = (args: { id: string }, ctx: Context) => ({ id: localIdForRead(args.id, 'Campaign'), ...inMemberBusinessWhere(ctx.viewer) });

export const CampaignNode = builder.prismaNode('Campaign', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    goal: t.exposeString('goal'),
    campaignType: t.expose('campaignType', { type: CampaignTypeEnum }),
    status: t.expose('status', { type: CampaignStatusEnum }),
    allowedTransitions: t.field({
      type: [CampaignStatusEnum],
      description: 'The statuses transitionCampaign accepts from the current one.',
      select: { status: true },
      resolve: (campaign) => [...campaignTransitions[campaign.status]],
    }),
    durationDays: t.exposeInt('durationDays'),
    strategySummary: t.exposeString('strategySummary', { nullable: true }),
    contentCalendar: t.expose('contentCalendar', { type: [CalendarEntry], extensions: { maxItems: MAX_CALENDAR_ENTRIES } }),
    targetPlatforms: t.expose('targetPlatforms', { type: [PlatformEnum] }),
    contentStyle: t.exposeString('contentStyle', { nullable: true }),
    visualStyle: t.exposeString('visualStyle', { nullable: true }),
    hashtagStrategy: t.exposeString('hashtagStrategy', { nullable: true }),
    ctaPattern: t.exposeString('ctaPattern', { nullable: true }),
    estimatedCost: t.exposeFloat('estimatedCost', { nullable: true }),
    startDate: t.expose('startDate', { type: 'DateTime', nullable: true }),
    endDate: t.expose('endDate', { type: 'DateTime', nullable: true }),
    postingFrequency: t.exposeInt('postingFrequency', { nullable: true, description: 'Posts per week.' }),
    optimalTimes: t.exposeStringList('optimalTimes', { description: 'Times of day as HH:MM.' }),
    generationStatus: t.expose('generationStatus', {
      type: GenerationStatusEnum,
      description: 'NONE for campaigns written by hand; otherwise where AI generation stands.',
    }),
    generationError: t.exposeString('generationError', { nullable: true }),
    business: t.relation('business', { type: BusinessNode }),
    createdBy: t.field(visibleUserField('createdBy', 'Who created the campaign; null when they share no business with you any more.')),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    contents: t.relatedConnection('contents', {
      cursor: 'id',
      totalCount: true,
      args: {
        status: t.arg({ type: ContentStatusEnum }),
        platform: t.arg({ type: PlatformEnum }),
        categoryId: t.arg.id({ description: 'Only content whose primary category is this one.' }),
        tag: t.arg.string({ description: 'Only content with this tag (normalised like tags are).' }),
      },
      query: contentsQuery,
      extensions: compiledRead({ kind: 'relationConnection', relation: 'contents', query: contentsQuery }),
    }),
  }),
});

builder.queryField('campaign', (t) =>
  t.prismaField({
    type: CampaignNode,
    nullable: true,
    description: 'A campaign of a business you are a member of; null for anything else.',
    args: { id: t.arg.id({ required: true }) },
    extensions: compiledRead({ kind: 'rootRow', model: 'Campaign', where: (args, ctx) => campaignWhere(args as { id: string }, ctx) }),
    resolve: (query, _root, args, ctx) => prisma.campaign.findFirst({ ...query, where: campaignWhere(args, ctx) }),
  }),
);

const CampaignInput = createAndUpdateInputs('Campaign', {
  updateDescription: 'Fields left out stay as they are. Status changes go through transitionCampaign.',
  createOnly: (t) => ({ businessId: t.id({ required: true }) }),
  fields: (t, onCreate) => ({
    name: t.string({ required: onCreate }),
    goal: t.string({ required: onCreate }),
    campaignType: t.field({ type: CampaignTypeEnum, required: onCreate }),
    durationDays: t.int({ required: onCreate }),
    strategySummary: t.string(),
    contentCalendar: t.field({ type: [CalendarEntryInput] }),
    targetPlatforms: t.field({ type: [PlatformEnum] }),
    contentStyle: t.string(),
    visualStyle: t.string(),
    hashtagStrategy: t.string(),
    ctaPattern: t.string(),
    estimatedCost: t.float(),
    startDate: t.field({ type: 'DateTime' }),
    postingFrequency: t.int({ description: 'Posts per week.' }),
    optimalTimes: t.stringList({ description: 'Times of day as HH:MM.' }),
  }),
});

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createCampaign: signedIn.prismaField({
      errors: {},
      type: CampaignNode,
      args: { input: t.arg({ type: CampaignInput.create, required: true }) },
      resolve: (query, _root, { input: { businessId, ...input } }, ctx) =>
        createCampaign(ctx, { businessId: localId(businessId, 'Business'), input, query }),
    }),
    updateCampaign: signedIn.prismaField({
      errors: {},
      type: CampaignNode,
      args: { input: t.arg({ type: CampaignInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateCampaign(ctx, { id: localId(id, 'Campaign'), input, query }),
    }),
    transitionCampaign: signedIn.prismaField({
      type: CampaignNode,
      errors: { types: [InvalidTransitionError] },
      description: 'Moves a campaign along its lifecycle; see Campaign.allowedTransitions.',
      args: { id: t.arg.id({ required: true }), to: t.arg({ type: CampaignStatusEnum, required: true }) },
      resolve: (query, _root, args, ctx) => transitionCampaign(ctx, { id: localId(args.id, 'Campaign'), to: args.to, query }),
    }),
  };
});
