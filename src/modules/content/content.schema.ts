import { prisma } from '../../db/client.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { AssetTypeEnum, ContentStatusEnum, ContentTypeEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { Media, MediaInput, type MediaShape, PredictedPerformance, type PredictedPerformanceShape } from '../../graphql/shapes.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import { contentTransitions } from '../../domain/lifecycles.ts';
import { createContent, transitionContent, updateContent } from './content.service.ts';

interface AiMetadataShape {
  model?: string | null;
  tokensUsed?: number | null;
  generationTimeMs?: number | null;
}

const AiMetadata = builder.objectRef<AiMetadataShape>('AiMetadata').implement({
  fields: (t) => ({
    model: t.string({ nullable: true, resolve: (m) => m.model ?? null }),
    tokensUsed: t.int({ nullable: true, resolve: (m) => m.tokensUsed ?? null }),
    generationTimeMs: t.int({ nullable: true, resolve: (m) => m.generationTimeMs ?? null }),
  }),
});

export const ContentAssetNode = builder.prismaObject('ContentAsset', {
  fields: (t) => ({
    id: t.exposeID('id'),
    assetType: t.expose('assetType', { type: AssetTypeEnum }),
    text: t.exposeString('text', { nullable: true }),
    fileUrl: t.exposeString('fileUrl', { nullable: true }),
    generator: t.exposeString('generator'),
    prompt: t.exposeString('prompt', { nullable: true }),
    parameters: t.expose('parameters', { type: 'JSON', nullable: true }),
    generationCost: t.exposeFloat('generationCost', { nullable: true }),
    generationTimeMs: t.exposeInt('generationTimeMs', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ContentNode = builder.prismaNode('Content', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inOwnedBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    day: t.exposeInt('day'),
    platform: t.expose('platform', { type: PlatformEnum }),
    contentType: t.expose('contentType', { type: ContentTypeEnum }),
    title: t.exposeString('title', { nullable: true }),
    caption: t.exposeString('caption'),
    hashtags: t.stringList({ description: 'Without the leading #.', resolve: (c) => c.hashtags as string[] }),
    mentions: t.stringList({ description: 'Without the leading @.', resolve: (c) => c.mentions as string[] }),
    media: t.field({ type: Media, nullable: true, resolve: (c) => c.media as MediaShape | null }),
    script: t.exposeString('script', { nullable: true }),
    status: t.expose('status', { type: ContentStatusEnum }),
    allowedTransitions: t.field({
      type: [ContentStatusEnum],
      description: 'The statuses transitionContent accepts from the current one.',
      resolve: (content) => [...contentTransitions[content.status]],
    }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime', nullable: true }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    postUrl: t.exposeString('postUrl', { nullable: true }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    aiMetadata: t.field({ type: AiMetadata, nullable: true, resolve: (c) => c.aiMetadata as AiMetadataShape | null }),
    predictedPerformance: t.field({
      type: PredictedPerformance,
      nullable: true,
      description: 'Set by predictPerformance.',
      resolve: (c) => c.predictedPerformance as PredictedPerformanceShape | null,
    }),
    revisionCount: t.exposeInt('revisionCount', { description: 'How many times regenerateContent rewrote the text.' }),
    campaign: t.relation('campaign', { type: CampaignNode }),
    business: t.relation('business', { type: BusinessNode }),
    assets: t.relation('assets', { type: ContentAssetNode, query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('content', (t) =>
  t.prismaField({
    type: ContentNode,
    nullable: true,
    description: 'A content item of a business you own; null for anything else.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = localIdForRead(args.id, 'Content');
      return prisma.content.findFirst({ ...query, where: { id, ...inOwnedBusinessWhere(ctx.viewer) } });
    },
  }),
);

const CreateContentInput = builder.inputType('CreateContentInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    day: t.int({ required: true, description: 'Day of the campaign, from 1.' }),
    platform: t.field({ type: PlatformEnum, required: true }),
    contentType: t.field({ type: ContentTypeEnum, required: true }),
    title: t.string(),
    caption: t.string({ required: true }),
    hashtags: t.stringList(),
    mentions: t.stringList(),
    media: t.field({ type: MediaInput }),
    script: t.string(),
    scheduledAt: t.field({ type: 'DateTime' }),
  }),
});

const UpdateContentInput = builder.inputType('UpdateContentInput', {
  description: 'Fields left out stay as they are. Status changes go through transitionContent.',
  fields: (t) => ({
    id: t.id({ required: true }),
    day: t.int(),
    platform: t.field({ type: PlatformEnum }),
    contentType: t.field({ type: ContentTypeEnum }),
    title: t.string(),
    caption: t.string(),
    hashtags: t.stringList(),
    mentions: t.stringList(),
    media: t.field({ type: MediaInput }),
    script: t.string(),
    scheduledAt: t.field({ type: 'DateTime' }),
  }),
});

builder.mutationFields((t) => ({
  createContent: t.prismaField({
    errors: {},
    type: ContentNode,
    args: { input: t.arg({ type: CreateContentInput, required: true }) },
    resolve: (query, _root, { input: { campaignId, ...input } }, ctx) =>
      createContent({ viewer: ctx.viewer, campaignId: localId(campaignId, 'Campaign'), input, query }),
  }),
  updateContent: t.prismaField({
    errors: {},
    type: ContentNode,
    args: { input: t.arg({ type: UpdateContentInput, required: true }) },
    resolve: (query, _root, { input: { id, ...input } }, ctx) =>
      updateContent({ viewer: ctx.viewer, id: localId(id, 'Content'), input, query }),
  }),
  transitionContent: t.prismaField({
    type: ContentNode,
    errors: { types: [InvalidTransitionError] },
    description:
      'Moves content along the publishing pipeline; see Content.allowedTransitions. Scheduling needs a future scheduledAt (here or already set).',
    args: {
      id: t.arg.id({ required: true }),
      to: t.arg({ type: ContentStatusEnum, required: true }),
      scheduledAt: t.arg({ type: 'DateTime', description: 'Sets the publishing time when moving to SCHEDULED.' }),
      postUrl: t.arg.string({ description: 'The live post, when moving to PUBLISHED.' }),
      errorMessage: t.arg.string({ description: 'Why publishing failed, when moving to FAILED.' }),
    },
    resolve: (query, _root, { id, to, ...details }, ctx) =>
      transitionContent({ viewer: ctx.viewer, id: localId(id, 'Content'), to, details, query }),
  }),
}));
