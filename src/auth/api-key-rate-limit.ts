import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimits } from '../rate-limits.ts';

/** Each API key's own request budget, apart from its creator's. */
export interface ApiKeyRateLimit {
  /** Counts one operation of the key, or refuses with RATE_LIMITED and when to retry. */
  consume(apiKeyId: string): Promise<void>;
}

export function createApiKeyRateLimit(config: Pick<Config, 'API_KEY_RATE_LIMIT_PER_MINUTE'>, rateLimits: RateLimits): ApiKeyRateLimit {
  const limiter = rateLimits.create({ keyPrefix: 'api-key', points: config.API_KEY_RATE_LIMIT_PER_MINUTE, duration: 60 });
  return {
    async consume(apiKeyId) {
      try {
        await limiter.consume(apiKeyId);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        throw rejection;
      }
    },
  };
}
