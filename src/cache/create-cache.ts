import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { createLayeredCache, type LayeredCache } from './layered-cache.ts';

/** The app's cache, with a Redis layer of its own connection when REDIS_URL is set; `close` ends that connection. */
export async function createCache(config: Config, metrics: MetricsRegistry, logger: Logger): Promise<{ cache: LayeredCache; close(): Promise<void> }> {
  // Loaded only when Redis is configured, like the event bus's clients.
  const redis = config.REDIS_URL
    ? new (await import('ioredis')).Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'herald-cache', retryStrategy: (attempt) => Math.min(attempt * 100, 2_000) })
    : undefined;
  // Redis being away only costs the layer: lookups fall through to the database.
  redis?.on('error', (error) => logger.debug({ err: error }, 'cache: Redis unavailable'));
  const cache = createLayeredCache(
    {
      memoryTtlMs: config.CACHE_MEMORY_TTL_SECONDS * 1000,
      memoryMaxEntries: config.CACHE_MEMORY_MAX_ENTRIES,
      redisTtlMs: config.CACHE_REDIS_TTL_SECONDS * 1000,
      databaseTtlMs: config.CACHE_DATABASE_TTL_SECONDS * 1000,
      redis,
      redisPrefix: config.REDIS_KEY_PREFIX,
    },
    metrics,
    logger,
  );
  return {
    cache,
    async close() {
      if (!redis) return;
      await Promise.race([redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      redis.disconnect();
    },
  };
}
