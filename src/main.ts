import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { buildApp } from './server.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);

const app = await buildApp(config, logger);
const { url } = await app.start();
logger.info({ url, database: config.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@') }, `Herald is serving GraphQL at ${url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  });
}
