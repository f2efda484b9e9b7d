import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import type { AiMetadata as AiMetadataShape, Media as MediaShape, PredictedPerformance as PredictedPerformanceShape } from '../../domain/json-columns.ts';
import { MAX_KEPT_VERSIONS } from '../../domain/fields.ts';
import { contentTransitions } from '../../domain/lifecycles.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { compiledRead } from '../../graphql/compiled-reads/read-descriptors.ts';
import { AssetTypeEnum, ContentStatusEnum, ContentTypeEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { visibleUserField } from '../account/user.schema.ts';
import { createContent, transitionContent, updateContent } from './content.service.ts';

const AiMetadata = builder.objectRef<AiMetadataShape>('AiMetadata').implement({
  fields: (t) => ({
    model: t.string({ nullable: true, resolve: (m) => m.model ?? null }),
    tokensUsed: t.int({ nullable: true, resolve: (m) => m.tokensUsed ?? null }),
    generationTimeMs: t.int({ nullable: true, resolve: (m) => m.generationTimeMs ?? null }),
  }),
});

const Media = builder.objectRef<MediaShape>('Media').implement({
  fields: (t) => ({
    imageUrl: t.string({ nullable: true, resolve: (m) => m.imageUrl ?? null }),
    videoUrl: t.string({ nullable: true, resolve: (m) => m.videoUrl ?? null }),
    thumbnailUrl: t.string({ nullable: true, resolve: (m) => m.thumbnailUrl ?? null }),
  }),
});

export const PredictedPerformance = builder.objectRef<PredictedPerformanceShape>('PredictedPerformance').implement({
  fields: (t) => ({
    score: t.exposeFloat('score', { description: '0 to 100.' }),
    confidence: t.exposeFloat('confidence', { description: '0 to 1.' }),
  }),
});

export const ContentAssetNode = builder.prismaObject('ContentAsset', {
  select: { id: true },
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
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    day: t.exposeInt('day'),
    platform: t.expose('platform', { type: PlatformEnum }),
    contentType: t.expose('contentType', { type: ContentTypeEnum }),
    title: t.exposeString('title', { nullable: true }),
    caption: t.exposeString('caption'),
    hashtags: t.exposeStringList('hashtags', { description: 'Without the leading #.' }),
    mentions: t.exposeStringList('mentions', { description: 'Without the leading @.' }),
    media: t.expose('media', { type: Media, nullable: true }),
    script: t.exposeString('script', { nullable: true }),
    status: t.expose('status', { type: ContentStatusEnum }),
    allowedTransitions: t.field({
      type: [ContentStatusEnum],
      description: 'The statuses transitionContent accepts from the current one.',
      select: { status: true },
      resolve: (content) => [...contentTransitions[content.status]],
    }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime', nullable: true }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    postUrl: t.exposeString('postUrl', { nullable: true }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    aiMetadata: t.expose('aiMetadata', { type: AiMetadata, nullable: true }),
    predictedPerformance: t.expose('predictedPerformance', { type: PredictedPerformance, nullable: true, description: 'Set by predictPerformance.' }),
    approvedBy: t.field(
      visibleUserField(
        'approvedBy',
        'Who approved the current text (moved it to APPROVED); null when not approved, or the approval was cleared by an edit or a move back to DRAFT or REVIEW, or the approver shares no business with you any more (see approvedAt).',
      ),
    ),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    approvalComment: t.exposeString('approvalComment', { nullable: true }),
    revisionCount: t.exposeInt('revisionCount', { description: 'How many times regenerateContent rewrote the text.' }),
    campaign: t.relation('campaign', { type: CampaignNode }),
    business: t.relation('business', { type: BusinessNode }),
    assets: t.relation('assets', { type: ContentAssetNode, extensions: { maxItems: MAX_KEPT_VERSIONS }, query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const contentWhere = (args: { id: string }, ctx: Context) => ({ id: localIdForRead(args.id, 'Content'), ...inMemberBusinessWhere(ctx.viewer) });

builder.queryField('content', (t) =>
  t.prismaField({
    type: ContentNode,
    nullable: true,
    description: 'A content item of a business you are a member of; null for anything else.',
    args: { id: t.arg.id({ required: true }) },
    extensions: compiledRead({ kind: 'rootRow', model: 'Content', where: (args, ctx) => contentWhere(args as { id: string }, ctx) }),
    resolve: (query, _root, args, ctx) => prisma.content.findFirst({ ...query, where: contentWhere(args, ctx) }),
  }),
);

const ApproveContentInput = builder.inputType('ApproveContentInput', {
  fields: (t) => ({ id: t.id({ required: true }), comment: t.string({ description: 'Shown with the approval.' }) }),
});

const MediaInput = builder.inputType('MediaInput', {
  fields: (t) => ({ imageUrl: t.string(), videoUrl: t.string(), thumbnailUrl: t.string() }),
});

const ContentInput = createAndUpdateInputs('Content', {
  updateDescription: 'Fields left out stay as they are. Status changes go through transitionContent.',
  createOnly: (t) => ({ campaignId: t.id({ required: true }) }),
  fields: (t, onCreate) => ({
    day: t.int({ required: onCreate, ...(onCreate ? { description: 'Day of the campaign, from 1.' } : {}) }),
    platform: t.field({ type: PlatformEnum, required: onCreate }),
    contentType: t.field({ type: ContentTypeEnum, required: onCreate }),
    title: t.string(),
    caption: t.string({ required: onCreate }),
    hashtags: t.stringList(),
    mentions: t.stringList(),
    media: t.field({ type: MediaInput }),
    script: t.string(),
    scheduledAt: t.field({ type: 'DateTime' }),
  }),
});

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createContent: signedIn.prismaField({
      errors: {},
      type: ContentNode,
      args: { input: t.arg({ type: ContentInput.create, required: true }) },
      resolve: (query, _root, { input: { campaignId, ...input } }, ctx) =>
        createContent(ctx, { campaignId: localId(campaignId, 'Campaign'), input, query }),
    }),
    updateContent: signedIn.prismaField({
      // INVALID_TRANSITION: the content moved (approved, scheduled…) between reading and writing it.
      errors: { types: [InvalidTransitionError] },
      type: ContentNode,
      args: { input: t.arg({ type: ContentInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateContent(ctx, { id: localId(id, 'Content'), input, query }),
    }),
    approveContent: signedIn.prismaField({
      type: ContentNode,
      errors: { types: [InvalidTransitionError] },
      description: 'Approves content in REVIEW (ADMIN or OWNER), moving it to APPROVED, with an optional comment. An edit of the text afterwards clears the approval.',
      args: { input: t.arg({ type: ApproveContentInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => transitionContent(ctx, { id: localId(input.id, 'Content'), to: 'APPROVED', comment: input.comment ?? null, query }),
    }),
    transitionContent: signedIn.prismaField({
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
      resolve: (query, _root, { id, to, ...details }, ctx) => transitionContent(ctx, { id: localId(id, 'Content'), to, details, query }),
    }),
  };
});
