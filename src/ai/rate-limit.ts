import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../domain/errors.ts';
import type { AiFeature } from '../domain/enums.ts';
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
