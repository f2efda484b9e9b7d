import { createHash } from 'node:crypto';
import { prisma } from '../db/client.ts';
import { isForeignKeyViolation } from '../db/errors.ts';
import { reserveBudget, settleBudget } from './budget.ts';
import type { AiFeature } from '../domain/enums.ts';
import { AiProviderFailedError } from '../domain/errors.ts';
import type { AiRuntime } from './runtime.ts';
import { type AiCallRecord, type AiProvider, AiProviderError, type AiResult } from './types.ts';

export interface AiCallContext {
  feature: AiFeature;
  userId: string | null;
  businessId: string | null;
  /** The campaign the call works for, whose cost it counts in. */
  campaignId?: string | null;
}

interface LogOwners {
  userId: string | null;
  businessId: string | null;
  campaignId: string | null;
}

/** The owners a log row may still name. A row's foreign key check holds what it names until the row is written. */
async function stillExisting({ userId, businessId, campaignId }: LogOwners): Promise<LogOwners> {
  const [user, business, campaign] = await Promise.all([
    userId ? prisma.user.findUnique({ where: { id: userId }, select: { id: true } }) : null,
    businessId ? prisma.business.findUnique({ where: { id: businessId }, select: { id: true } }) : null,
    campaignId ? prisma.campaign.findUnique({ where: { id: campaignId }, select: { id: true } }) : null,
  ]);
  return { userId: user?.id ?? null, businessId: business?.id ?? null, campaignId: campaign?.id ?? null };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Makes one provider call and writes its AiLog row, success or failure, with tokens, cost and
 * latency. A business's call first reserves the most it can cost (BUDGET_EXCEEDED when that does
 * not fit) and settles to its real cost with the log row. A provider failure becomes
 * AI_PROVIDER_ERROR for the client.
 */
export async function callProvider<T>(
  ai: AiRuntime,
  context: AiCallContext,
  promptText: string,
  call: (provider: AiProvider) => Promise<AiResult<T>>,
): Promise<AiResult<T>> {
  const { provider, price } = ai;
  const reservation = context.businessId ? await reserveBudget(ai, context.businessId, ai.maxCallCostUsd(context.feature, promptText)) : null;
  const started = performance.now();
  const base = { ...context, provider: provider.name, promptSha256: sha256(promptText) };
  const log = async ({ errorMessage, ...measured }: Omit<AiCallRecord, 'feature' | 'provider' | 'responseTimeMs'> & { errorMessage?: string }) => {
    const responseTimeMs = Math.round(performance.now() - started);
    ai.observeCall({ ...measured, feature: context.feature, provider: provider.name, responseTimeMs });
    let owners: LogOwners = { userId: context.userId, businessId: context.businessId, campaignId: context.campaignId ?? null };
    for (let attempt = 1; ; attempt++) {
      try {
        return await prisma.$transaction([
          prisma.aiLog.create({ data: { ...base, ...owners, ...measured, errorMessage, responseTimeMs } }),
          ...(reservation ? [settleBudget(reservation, measured.costUsd)] : []),
        ]);
      } catch (error) {
        // The call happened: its log stays even when what it worked for was deleted (moved to the
        // trash) while it ran, naming no row that is gone, as the deletion would have left it.
        if (!isForeignKeyViolation(error) || attempt === 3) throw error;
        owners = await stillExisting(owners);
      }
    }
  };
  try {
    const result = await call(provider);
    await log({
      model: result.model,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      costUsd: price(result.model, result.promptTokens, result.completionTokens),
      status: 'SUCCESS',
    });
    return result;
  } catch (error) {
    const failure = error instanceof AiProviderError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    await log({
      model: failure?.model ?? 'unknown',
      promptTokens: failure?.usage.promptTokens ?? 0,
      completionTokens: failure?.usage.completionTokens ?? 0,
      costUsd: failure ? price(failure.model, failure.usage.promptTokens, failure.usage.completionTokens) : 0,
      status: 'ERROR',
      errorMessage: message.slice(0, 2_000),
    });
    if (failure) throw new AiProviderFailedError(`The AI provider failed: ${failure.message}`);
    throw error;
  }
}
