import { runOnce } from '../db/idempotency.ts';
import type { AiFeature, Plan } from '../domain/enums.ts';
import { checkMonthlyBudget } from './budget.ts';
import { consumeRateLimit } from './rate-limit.ts';
import type { AiRuntime } from './runtime.ts';

interface Payer {
  userId: string;
  feature: AiFeature;
  business: { id: string; plan: Plan };
}

/** The guards every paid AI call passes: the user's rate for the feature, then the business's monthly budget. */
export async function admitPaidCall(ai: AiRuntime, { userId, feature, business }: Payer): Promise<void> {
  await consumeRateLimit(ai, userId, feature);
  await checkMonthlyBudget(ai, business);
}

/**
 * A paid operation a client may retry: admitted by the guards, and run at most once per
 * idempotency key (a retry gets the first result's id without paying again).
 */
export function runPaidOperation(
  ai: AiRuntime,
  payer: Payer,
  { idempotencyKey, operation, request, run }: { idempotencyKey: string | null | undefined; operation: string; request: unknown; run: () => Promise<string> },
): Promise<string> {
  return runOnce({
    userId: payer.userId,
    key: idempotencyKey,
    operation,
    request,
    run: async () => {
      await admitPaidCall(ai, payer);
      return run();
    },
  });
}
