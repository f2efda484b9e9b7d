import { createAiRuntime } from './ai/runtime.ts';
import { createCache } from './cache/create-cache.ts';
import { isActiveUser } from './auth/authenticate.ts';
import { roleOfUser } from './auth/tenancy.ts';
import { resolveJwtSecret } from './auth/jwt-secret.ts';
import { createSignInThrottle } from './auth/sign-in-throttle.ts';
import { createApiKeyRateLimit } from './auth/api-key-rate-limit.ts';
import { createSessionCache } from './auth/session-cache.ts';
import { createTokenSigner } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { restrictSqliteFile } from './db/adapter.ts';
import { closeDatabase, openDatabase, prisma } from './db/client.ts';
import { resultWithin, settleWithin } from './deadline.ts';
import { createMigrationStatus } from './db/migration-status.ts';
import { createJobQueue } from './jobs/create-job-queue.ts';
import { jobDefinitionsFor } from './jobs/definitions.ts';
import type { Logger } from './logger.ts';
import { registerJobMetrics } from './metrics/jobs.ts';
import { createMetrics } from './metrics/metrics.ts';
import { failAbandonedGenerations } from './modules/campaign/campaign-generation.runner.ts';
import { ensureDefaultTaxonomy } from './modules/tagging/taxonomy.service.ts';
import { invalidateRollupsOnEvents } from './modules/analytics/rollup-invalidation.ts';
import { createWebhookDispatcher } from './modules/webhooks/webhook-dispatcher.ts';
import { createEventReads } from './realtime/event-reads.ts';
import { createMembershipWatch } from './realtime/membership-watch.ts';
import { createEventBus } from './realtime/pubsub.ts';
import { createSessionWatch } from './realtime/session-guard.ts';
import { PROBE_TIMEOUT_MS } from './probe-endpoints.ts';
import { createRateLimits } from './rate-limits.ts';
import { startVectorSearch } from './search/vector-search.ts';

export interface RunningApp extends AppContext {
  /** What `GET /ready` reports: the database answers with every migration applied, and Redis when configured. */
  readiness(): Promise<{ database: 'ok' | 'unavailable' | 'migrations pending'; redis: 'ok' | 'unavailable' | 'not configured' }>;
  /** Lets running jobs finish (up to the deadline, then leaves them to be retried), then closes Redis and the database. */
  close(deadlineMs: number): Promise<void>;
}

/**
 * The composition root: migrates and opens the database, connects the event bus and the AI
 * provider, and runs the start-up chores. Every entry point (HTTP, WebSocket, scripts) gets the
 * context this returns.
 */
export async function createApp(config: Config, logger: Logger): Promise<RunningApp> {
  await openDatabase(config.DATABASE_URL, { observeQueries: config.OBSERVE_SQL });
  const migrations = createMigrationStatus(config.DATABASE_URL);
  if ((await migrations.pending(prisma)).length) {
    // The schema engine is loaded only when there is something to apply.
    const { migrateDatabase } = await import('./db/migrate.ts');
    const { applied } = await migrateDatabase(config.DATABASE_URL);
    if (applied.length) logger.info({ applied }, 'applied database migrations');
  }
  restrictSqliteFile(config.DATABASE_URL);
  const vectorSearch = await startVectorSearch(config, logger);
  const rateLimits = await createRateLimits({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  const metrics = createMetrics(config);
  const cache = await createCache(config, metrics, logger);
  const ai = await createAiRuntime(config, rateLimits, metrics.ai.observeCall);
  const events = await createEventBus({ redisUrl: config.REDIS_URL, channelPrefix: config.REDIS_KEY_PREFIX, logger });
  const jobs = await createJobQueue(config, logger, jobDefinitionsFor(config));
  registerJobMetrics(metrics, jobs);
  const clock = { now: () => new Date() };

  const createdCategories = await ensureDefaultTaxonomy();
  if (createdCategories) logger.info({ createdCategories }, 'seeded the default marketing taxonomy');
  const abandoned = await failAbandonedGenerations(clock.now());
  if (abandoned) logger.warn({ abandoned }, 'marked abandoned campaign generations as failed');
  logger.info({ provider: ai.provider.name }, 'AI provider ready');
  logger.info({ vectorSearch }, 'semantic search ready');

  const app: RunningApp = {
    config,
    logger,
    clock,
    ai,
    vectorSearch,
    events,
    eventReads: createEventReads(),
    sessions: createSessionWatch({ isActive: isActiveUser, checkEveryMs: config.SUBSCRIPTION_AUTH_CHECK_SECONDS * 1000 }),
    memberships: createMembershipWatch({ roleOf: roleOfUser, checkEveryMs: config.SUBSCRIPTION_AUTH_CHECK_SECONDS * 1000 }),
    tokens: createTokenSigner(() => resolveJwtSecret(config), config.JWT_EXPIRES_IN),
    sessionCache: createSessionCache(config.SESSION_CACHE_SECONDS),
    signInThrottle: createSignInThrottle(config, rateLimits),
    apiKeyRateLimit: createApiKeyRateLimit(config, rateLimits),
    jobs,
    metrics,
    cache: cache.cache,
    async readiness() {
      // Each part bounded on its own, so the answer names the one that hangs.
      const [pending, redisUp] = await Promise.all([
        resultWithin(migrations.pending(prisma), PROBE_TIMEOUT_MS, undefined).catch(() => undefined),
        config.REDIS_URL ? resultWithin(events.connected(), PROBE_TIMEOUT_MS, false) : undefined,
      ]);
      return {
        database: pending === undefined ? 'unavailable' : pending.length ? 'migrations pending' : 'ok',
        redis: redisUp === undefined ? 'not configured' : redisUp ? 'ok' : 'unavailable',
      };
    },
    async close(deadlineMs) {
      await settleWithin(events.close(), deadlineMs);
      await jobs.stop(deadlineMs);
      // Events published until now (by the jobs that just finished, say) still get their deliveries.
      await settleWithin(webhooks.idle(), 1_000);
      await rateLimits.close();
      await cache.close();
      await settleWithin(closeDatabase(), 1_000);
    },
  };
  const webhooks = createWebhookDispatcher(app);
  events.observe(webhooks.observe);
  invalidateRollupsOnEvents(app);
  await jobs.start(app);
  return app;
}
