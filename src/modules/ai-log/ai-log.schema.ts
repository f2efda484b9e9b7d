import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { builder } from '../../graphql/builder.ts';
import { AiCallStatusEnum, AiFeatureEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { aiLogsWhere, aiUsage, type FeatureUsage, visibleAiLogsWhere } from './ai-log.service.ts';

export const AiLogNode = builder.prismaNode('AiLog', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visibleAiLogsWhere(ctx.viewer)] }),
  description: 'One call to the AI provider, successful or not.',
  fields: (t) => ({
    feature: t.expose('feature', { type: AiFeatureEnum }),
    provider: t.exposeString('provider'),
    model: t.exposeString('model'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    costUsd: t.exposeFloat('costUsd'),
    promptSha256: t.exposeString('promptSha256', { description: 'SHA-256 of the prompt sent, to spot repeated prompts.' }),
    status: t.expose('status', { type: AiCallStatusEnum }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    responseTimeMs: t.exposeInt('responseTimeMs'),
    business: t.relation('business', { type: BusinessNode, nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const FeatureUsageRef = builder.objectRef<FeatureUsage>('AiFeatureUsage').implement({
  fields: (t) => ({
    feature: t.field({ type: AiFeatureEnum, resolve: (u) => u.feature }),
    calls: t.exposeInt('calls'),
    errors: t.exposeInt('errors'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    totalTokens: t.int({ resolve: (u) => u.promptTokens + u.completionTokens }),
    costUsd: t.exposeFloat('costUsd'),
    meanLatencyMs: t.exposeInt('meanLatencyMs'),
    errorRate: t.exposeFloat('errorRate', { description: 'Failed calls / calls, 0 to 1.' }),
  }),
});

const periodArgs = (t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) => ({
  from: t.arg({ type: 'DateTime', description: 'Inclusive.' }),
  to: t.arg({ type: 'DateTime', description: 'Inclusive.' }),
});

builder.queryFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
  aiLogs: signedIn.prismaConnection({
    type: AiLogNode,
    cursor: 'id',
    description: 'AI calls, newest first: of one business you are a member of, or of all of them.',
    args: {
      businessId: t.arg.id(),
      feature: t.arg({ type: AiFeatureEnum }),
      status: t.arg({ type: AiCallStatusEnum }),
      ...periodArgs(t),
    },
    totalCount: async (_connection, { businessId, ...filters }, ctx) =>
      prisma.aiLog.count({ where: await aiLogsWhere(ctx, { businessId: businessId ? localId(businessId, 'Business') : null, filters }) }),
    resolve: async (query, _root, { businessId, ...filters }, ctx) => {
      const where = await aiLogsWhere(ctx, { businessId: businessId ? localId(businessId, 'Business') : null, filters });
      return findPageInScope(
        query,
        (id) => prisma.aiLog.count({ where: { AND: [where, { id }] } }),
        (page) => prisma.aiLog.findMany({ ...page, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      );
    },
  }),
  aiUsage: signedIn.field({
    type: [FeatureUsageRef],
    description: 'AI usage and cost of a business per feature over a period.',
    args: { businessId: t.arg.id({ required: true }), ...periodArgs(t) },
    resolve: (_root, { businessId, ...filters }, ctx) => aiUsage(ctx, { businessId: localId(businessId, 'Business'), filters }),
  }),
  };
});
