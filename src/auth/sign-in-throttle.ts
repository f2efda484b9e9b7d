import { createHash } from 'node:crypto';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimits } from '../rate-limits.ts';

/**
 * Guessing passwords is slowed per account and per client address: after too many failed logins
 * in the window both are refused with RATE_LIMITED until it passes. Sign-ups are limited per
 * address. Emails are hashed in the keys, so the store holds no addresses of people.
 */
export interface SignInThrottle {
  /** Refuses with RATE_LIMITED while the email or the address has used up its failures. */
  checkLogIn(email: string, clientAddress: string): Promise<void>;
  recordFailedLogIn(email: string, clientAddress: string): Promise<void>;
  /** A successful login forgives the account's earlier failures. */
  recordLogIn(email: string): Promise<void>;
  /** Counts a sign-up from the address, or refuses with RATE_LIMITED. */
  consumeSignUp(clientAddress: string): Promise<void>;
}

const emailKey = (email: string) => createHash('sha256').update(email).digest('hex');
const retryAfter = (msBeforeNext: number) => new RateLimitedError(Math.max(1, Math.ceil(msBeforeNext / 1000)));

async function refuseWhenUsedUp(limiter: RateLimiterAbstract, key: string) {
  const state = await limiter.get(key);
  if (state && state.consumedPoints >= limiter.points) throw retryAfter(state.msBeforeNext);
}

export function createSignInThrottle(config: Config, rateLimits: RateLimits): SignInThrottle {
  const window = config.LOGIN_FAILURE_WINDOW_SECONDS;
  const byEmail = rateLimits.create({ keyPrefix: 'herald-login-email', points: config.LOGIN_MAX_FAILURES_PER_EMAIL, duration: window });
  const byAddress = rateLimits.create({ keyPrefix: 'herald-login-address', points: config.LOGIN_MAX_FAILURES_PER_ADDRESS, duration: window });
  const signUps = rateLimits.create({ keyPrefix: 'herald-signup-address', points: config.SIGNUP_MAX_PER_ADDRESS, duration: config.SIGNUP_WINDOW_SECONDS });
  // Counting past the limit is refused by the limiter itself; that refusal is expected here.
  const count = (limiter: RateLimiterAbstract, key: string) => limiter.consume(key).catch((error: unknown) => {
    if (!(error instanceof RateLimiterRes)) throw error;
  });
  return {
    async checkLogIn(email, clientAddress) {
      await refuseWhenUsedUp(byEmail, emailKey(email));
      await refuseWhenUsedUp(byAddress, clientAddress);
    },
    async recordFailedLogIn(email, clientAddress) {
      await Promise.all([count(byEmail, emailKey(email)), count(byAddress, clientAddress)]);
    },
    async recordLogIn(email) {
      await byEmail.delete(emailKey(email));
    },
    async consumeSignUp(clientAddress) {
      try {
        await signUps.consume(clientAddress);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw retryAfter(rejection.msBeforeNext);
        throw rejection;
      }
    },
  };
}
