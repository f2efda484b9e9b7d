import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from './logger.ts';

export interface RateLimitOptions {
  keyPrefix: string;
  /** Allowed per window. */
  points: number;
  /** Window in seconds. */
  duration: number;
}

/** Counters for rate limits: shared by all instances through Redis when configured, else per process. */
export interface RateLimits {
  create(options: RateLimitOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** `keyPrefix` names one deployment's counters, so deployments sharing a Redis keep theirs apart. */
export async function createRateLimits({ redisUrl, keyPrefix, logger }: { redisUrl?: string; keyPrefix: string; logger: Logger }): Promise<RateLimits> {
  // No offline queue: while Redis is away a limit answers from memory at once instead of waiting;
  // and a Redis that holds the connection but stops answering is given up on after a second.
  // The Redis client (about 10 MB) is loaded only when Redis is configured.
  const redis = redisUrl
    ? new (await import('ioredis')).Redis(redisUrl, { enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectionName: 'herald-rate-limit' })
    : undefined;
  let healthy = true;
  redis?.on('error', (error) => {
    if (healthy) logger.warn({ err: error }, 'rate limits lost Redis; limiting per instance until it is back');
    healthy = false;
  });
  redis?.on('ready', () => {
    if (!healthy) logger.info('rate limits have Redis again');
    healthy = true;
  });
  return {
    create: (limit) => {
      const options = { ...limit, keyPrefix: `${keyPrefix}:${limit.keyPrefix}` };
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
    },
    async close() {
      redis?.disconnect();
    },
  };
}
