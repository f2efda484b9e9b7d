import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { createTokenSigner } from './auth/token.ts';
import type { Config } from './config.ts';
import { closeDatabase, openDatabase, prisma } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { Context } from './graphql/context.ts';
import { queryLimitPlugins } from './graphql/limits.ts';
import { maskError } from './graphql/mask-error.ts';
import { schema } from './graphql/schema.ts';
import type { Logger } from './logger.ts';
import { viewerFromToken } from './modules/auth/auth.service.ts';
import { UnauthenticatedError } from './errors.ts';

export interface App {
  /** Listens on config.PORT (0 picks a free port) and resolves to the bound URL. */
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const { applied } = await migrateDatabase(config.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'applied database migrations');
  await openDatabase(config.DATABASE_URL);

  const tokens = createTokenSigner(config.JWT_SECRET, config.JWT_EXPIRES_IN);

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: { maskError, isDev: config.NODE_ENV === 'development' },
    logging: logger,
    healthCheckEndpoint: null as never,
    plugins: queryLimitPlugins(),
    context: async ({ request }): Promise<Context> => {
      const header = request.headers.get('authorization');
      if (!header) return { viewer: null, tokens };
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
      return { viewer: await viewerFromToken({ token: match[1], tokens }), tokens };
    },
  });

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
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await closeDatabase();
    },
  };
}
