import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { buildApp, SHUTDOWN_DEADLINE_MS } from './server.ts';

/** Start-up problems (configuration, an unreachable or missing database) end the process with one line. */
async function startOrExplain() {
  try {
    const config = loadConfig();
    const logger = createLogger(config.LOG_LEVEL);
    const app = await buildApp(config, logger);
    return { config, logger, app, ...(await app.start()) };
  } catch (error) {
    console.error(`Herald could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const { config, logger, app, url } = await startOrExplain();
logger.info({ url, database: config.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@') }, `Herald is serving GraphQL at ${url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Every step of the stop is bounded; this is the last resort if one is not.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.SHUTDOWN_DRAIN_SECONDS * 1000 + SHUTDOWN_DEADLINE_MS + 2_000).unref();
    await app.stop();
    logger.info('stopped');
    process.exit(0);
  });
}
