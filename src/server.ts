import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureAi, createAiRuntime } from './ai/runtime.ts';
import { createTokenSigner } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { closeDatabase, openDatabase, prisma } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { createGraphQLHandler } from './graphql/yoga.ts';
import { failAbandonedGenerations, setJobLogger, stopCampaignGenerations } from './modules/campaign/campaign-generation.runner.ts';
import type { Logger } from './logger.ts';
import { setTaggingLogger, settleTagging } from './modules/tagging/auto-tagging.ts';
import { closeEventBus, openEventBus } from './realtime/bus.ts';
import { ensureDefaultTaxonomy } from './modules/tagging/taxonomy.service.ts';
import { attachWebSocketServer } from './realtime/websocket.ts';

export interface App {
  /** Listens on config.PORT (0 picks a free port) and resolves to the bound URL. */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Graceful stop: refuse new connections, complete open subscriptions, close WebSockets,
   * let in-flight requests finish (up to a deadline), then close Redis and the database.
   */
  stop(): Promise<void>;
}

const SHUTDOWN_DEADLINE_MS = 10_000;

export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const { applied } = await migrateDatabase(config.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'applied database migrations');
  await openDatabase(config.DATABASE_URL);
  openEventBus({ redisUrl: config.REDIS_URL, logger });
  const aiRuntime = createAiRuntime(config, logger);
  configureAi(aiRuntime);
  setJobLogger(logger);
  setTaggingLogger(logger);
  const createdCategories = await ensureDefaultTaxonomy();
  if (createdCategories) logger.info({ createdCategories }, 'seeded the default marketing taxonomy');
  const abandoned = await failAbandonedGenerations();
  if (abandoned) logger.warn({ abandoned }, 'marked abandoned campaign generations as failed');
  logger.info({ provider: aiRuntime.provider.name }, 'AI provider ready');

  const tokens = createTokenSigner(config.JWT_SECRET, config.JWT_EXPIRES_IN);
  const yoga = createGraphQLHandler({ tokens, logger, isDev: config.NODE_ENV === 'development', adminEmails: config.ADMIN_EMAILS });

  const server = createServer(async (req, res) => {
    if (req.url === '/health' && req.method === 'GET') {
      const healthy = await prisma.$queryRaw`SELECT 1`.then(
        () => true,
        (error: unknown) => (logger.error({ err: error }, 'health check failed'), false),
      );
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable' }));
      return;
    }
    yoga(req, res);
  });
  // Longer than the idle timeouts of common load balancers and HTTP clients, so a reused
  // keep-alive connection is not closed under a request that is just being sent.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const webSockets = attachWebSocketServer({ server, yoga, tokens });

  let stopping: Promise<void> | undefined;
  async function shutDown() {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await closeEventBus();
    await webSockets.close();
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DEADLINE_MS);
    await closed;
    clearTimeout(deadline);
    await stopCampaignGenerations(SHUTDOWN_DEADLINE_MS);
    await settleTagging(SHUTDOWN_DEADLINE_MS);
    await aiRuntime.close();
    await closeDatabase();
  }

  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
          resolve({ url: `http://${host}:${port}/graphql`, port });
        });
      }),
    stop() {
      stopping ??= shutDown();
      return stopping;
    },
  };
}
