import { describeDatabaseUrl } from './db/adapter.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { type App, buildApp, SHUTDOWN_DEADLINE_MS } from './server.ts';

// Signals are taken from the first moment: one that arrives during start-up (a migration may be
// running) waits for the start to finish, since killing the schema engine mid-migration would
// leave the migration marked failed and every later start refused.
let config: ReturnType<typeof loadConfig> | undefined;
let logger: ReturnType<typeof createLogger> | undefined;
let app: App | undefined;
let stopping = false;
let onStarted: (() => void) | undefined;
const started = new Promise<void>((resolve) => (onStarted = resolve));

// pg-boss settles a job without awaiting it; with the database away that rejection would end the
// process and every request and WebSocket with it. The job is retried after its lease instead.
process.on('unhandledRejection', (reason) => logger?.error({ err: reason }, 'unhandled rejection'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await started;
    logger?.info({ signal }, 'shutting down');
    // Every step of the stop is bounded; this is the last resort if one is not.
    setTimeout(() => {
      logger?.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, (config?.SHUTDOWN_DRAIN_SECONDS ?? 0) * 1000 + SHUTDOWN_DEADLINE_MS + 2_000).unref();
    await app?.stop();
    logger?.info('stopped');
    process.exit(0);
  });
}

/** Start-up problems (configuration, an unreachable or missing database, a port in use) end the process with one line. */
try {
  config = loadConfig();
  logger = createLogger(config.LOG_LEVEL);
  app = await buildApp(config, logger);
  const { url } = await app.start();
  logger.info({ url, database: describeDatabaseUrl(config.DATABASE_URL) }, `Herald is serving GraphQL at ${url}`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Herald could not start: ${message.replace(/\s*\n\s*/g, ' ').trim()}`);
  process.exit(1);
} finally {
  onStarted?.();
}
