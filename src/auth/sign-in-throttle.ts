import { createHash } from 'node:crypto';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimits } from '../rate-limits.ts';

/**
 * Guessing passwords is slowed per account and per client address: every login attempt is
 * counted before its password is checked, so concurrent attempts cannot slip past the limit;
 * once either count is used up in the window, logIn is refused with RATE_LIMITED until it passes.
 * A successful login gives its attempt back and forgives the account's earlier failures. Sign-ups
 * are limited per address. Emails are hashed in the keys, so the store holds no addresses of people.
 */
export interface SignInThrottle {
  /** Counts an attempt for the email and the address, or refuses with RATE_LIMITED. */
  beginLogIn(email: string, clientAddress: string): Promise<void>;
  succeededLogIn(email: string, clientAddress: string): Promise<void>;
  /** Counts a sign-up from the address, or refuses with RATE_LIMITED. */
  consumeSignUp(clientAddress: string): Promise<void>;
}

const emailKey = (email: string) => createHash('sha256').update(email).digest('hex');

/** Consumes a point, or refuses with RATE_LIMITED and when to retry. */
async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

export function createSignInThrottle(config: Config, rateLimits: RateLimits): SignInThrottle {
  const window = config.LOGIN_FAILURE_WINDOW_SECONDS;
  const byEmail = rateLimits.create({ keyPrefix: 'login-email', points: config.LOGIN_MAX_FAILURES_PER_EMAIL, duration: window });
  const byAddress = rateLimits.create({ keyPrefix: 'login-address', points: config.LOGIN_MAX_FAILURES_PER_ADDRESS, duration: window });
  const signUps = rateLimits.create({ keyPrefix: 'signup-address', points: config.SIGNUP_MAX_PER_ADDRESS, duration: config.SIGNUP_WINDOW_SECONDS });
  return {
    async beginLogIn(email, clientAddress) {
      const [forEmail, forAddress] = await Promise.allSettled([consumeOrRefuse(byEmail, emailKey(email)), consumeOrRefuse(byAddress, clientAddress)]);
      for (const outcome of [forEmail, forAddress]) if (outcome.status === 'rejected') throw outcome.reason;
    },
    async succeededLogIn(email, clientAddress) {
      await Promise.all([byEmail.delete(emailKey(email)), byAddress.reward(clientAddress)]);
    },
    consumeSignUp: (clientAddress) => consumeOrRefuse(signUps, clientAddress),
  };
}
