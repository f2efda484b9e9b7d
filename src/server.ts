import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type RunningApp } from './app.ts';
import type { Config } from './config.ts';
import { prisma } from './db/client.ts';
import { createGraphQLHandler } from './graphql/yoga.ts';
import type { Logger } from './logger.ts';
import { attachWebSocketServer } from './realtime/websocket.ts';

export interface App {
  /** The application context every entry point shares. */
  readonly context: RunningApp;
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
  const app = await createApp(config, logger);
  const yoga = createGraphQLHandler(app);

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
  const webSockets = attachWebSocketServer({ server, yoga, tokens: app.tokens });

  let stopping: Promise<void> | undefined;
  async function shutDown() {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Completes open subscriptions before their sockets go.
    await app.events.close();
    await webSockets.close();
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DEADLINE_MS);
    await closed;
    clearTimeout(deadline);
    await app.close(SHUTDOWN_DEADLINE_MS);
  }

  return {
    context: app,
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
