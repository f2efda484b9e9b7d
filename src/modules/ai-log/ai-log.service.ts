import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { AiCallStatus, AiFeature } from '../../domain/enums.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { parseInput } from '../../domain/fields.ts';
import { findBusinessFor, memberBusinessWhere } from '../../auth/tenancy.ts';

/** AI calls a viewer may see: those of businesses they own, and their own calls outside any business. */
export const visibleAiLogsWhere = (viewer: Viewer | null): Prisma.AiLogWhereInput => ({
  // A user's own calls outside any business are theirs; an API key sees only its business's.
  OR: [{ business: memberBusinessWhere(viewer) }, ...(viewer?.apiKey ? [] : [{ businessId: null, userId: viewer?.id ?? '' }])],
});

const filterInput = z
  .object({
    feature: z.enum(AiFeature).nullish(),
    status: z.enum(AiCallStatus).nullish(),
    from: z.date().nullish(),
    to: z.date().nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from must not be after to', path: ['from'] });

export async function aiLogsWhere({ viewer }: ServiceContext, { businessId, filters }: { businessId: string | null; filters: unknown }) {
  const { feature, status, from, to } = parseInput(filterInput, filters, []);
  if (businessId) await findBusinessFor(viewer, businessId, 'read');
  return {
    AND: [
      visibleAiLogsWhere(viewer),
      businessId ? { businessId } : {},
      feature ? { feature } : {},
      status ? { status } : {},
      from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {},
    ],
  } satisfies Prisma.AiLogWhereInput;
}

export interface FeatureUsage {
  feature: AiFeature;
  calls: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  meanLatencyMs: number;
  errorRate: number;
}

/** AI calls, tokens, cost, mean latency and error rate per feature for a business and period. */
export async function aiUsage(ctx: ServiceContext, { businessId, filters }: { businessId: string; filters: unknown }): Promise<FeatureUsage[]> {
  const where = await aiLogsWhere(ctx, { businessId, filters });
  const groups = await prisma.aiLog.groupBy({
    by: ['feature', 'status'],
    where,
    _count: { _all: true },
    _sum: { promptTokens: true, completionTokens: true, costUsd: true, responseTimeMs: true },
  });
  const byFeature = new Map<AiFeature, FeatureUsage & { latencyTotal: number }>();
  for (const group of groups) {
    const usage = byFeature.get(group.feature) ?? {
      feature: group.feature,
      calls: 0,
      errors: 0,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      meanLatencyMs: 0,
      errorRate: 0,
      latencyTotal: 0,
    };
    usage.calls += group._count._all;
    if (group.status === 'ERROR') usage.errors += group._count._all;
    usage.promptTokens += group._sum.promptTokens ?? 0;
    usage.completionTokens += group._sum.completionTokens ?? 0;
    usage.costUsd += group._sum.costUsd ?? 0;
    usage.latencyTotal += group._sum.responseTimeMs ?? 0;
    byFeature.set(group.feature, usage);
  }
  return [...byFeature.values()]
    .map(({ latencyTotal, ...usage }) => ({
      ...usage,
      costUsd: Math.round(usage.costUsd * 1e6) / 1e6,
      meanLatencyMs: Math.round(latencyTotal / usage.calls),
      errorRate: usage.errors / usage.calls,
    }))
    .sort((a, b) => a.feature.localeCompare(b.feature));
}
