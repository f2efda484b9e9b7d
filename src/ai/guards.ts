import { RateLimiterRes } from 'rate-limiter-flexible';
import { prisma } from '../db/client.ts';
import { BudgetExceededError, RateLimitedError } from '../domain/errors.ts';
import type { AiFeature, Plan } from '../domain/enums.ts';
import type { AiRuntime } from './runtime.ts';

/** Counts one call of the feature for the user, or refuses with RATE_LIMITED and when to retry. */
export async function consumeRateLimit(ai: AiRuntime, userId: string, feature: AiFeature): Promise<void> {
  try {
    await ai.rateLimiter.consume(`${userId}:${feature}`);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

export function startOfMonthUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Refuses with BUDGET_EXCEEDED once the business's AI spend this month reaches its plan's budget. */
export async function checkMonthlyBudget(ai: AiRuntime, business: { id: string; plan: Plan }): Promise<void> {
  const budgetUsd = ai.budgets[business.plan];
  const { _sum } = await prisma.aiLog.aggregate({
    _sum: { costUsd: true },
    where: { businessId: business.id, createdAt: { gte: startOfMonthUtc() } },
  });
  const spentUsd = _sum.costUsd ?? 0;
  if (spentUsd >= budgetUsd) throw new BudgetExceededError(budgetUsd, spentUsd);
}
