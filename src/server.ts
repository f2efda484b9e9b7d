import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type RunningApp } from './app.ts';
import { resolveJwtSecret } from './auth/jwt-secret.ts';
import type { Config } from './config.ts';
import { settleWithin } from './deadline.ts';
import { createGraphQLHandler } from './graphql/yoga.ts';
import { lazyEndpoint } from './lazy-endpoint.ts';
import type { Logger } from './logger.ts';
import { createMetricsEndpoint } from './metrics/endpoint.ts';
import { createProbeEndpoints } from './probe-endpoints.ts';
import { attachWebSocketServer } from './realtime/websocket.ts';
import { isRestRequest } from './rest/rest-path.ts';

export interface App {
  /** The application context every entry point shares. */
  readonly context: RunningApp;
  /** Listens on config.PORT (0 picks a free port) and resolves to the bound URL. */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Graceful stop within SHUTDOWN_DRAIN_SECONDS + SHUTDOWN_DEADLINE_MS: answer 503 on /ready for
   * the drain, then refuse new connections, complete open
   * subscriptions, close WebSockets, let in-flight requests and background work finish, then
   * close Redis and the database. Each step is bounded, so a Redis that is away cannot hold it up.
   */
  stop(): Promise<void>;
}

export const SHUTDOWN_DEADLINE_MS = 9_000;
const STEP_MS = 1_000;

const isMcpRequest = (req: IncomingMessage) => req.url === '/mcp' || req.url?.startsWith('/mcp?') === true;

/** A caller's X-Request-Id when it is a sane token, else a new one. */
const requestIdOf = (req: IncomingMessage) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
};

export async function buildApp(config: Config, logger: Logger): Promise<App> {
  // A server signs tokens: without a usable secret it must not start.
  resolveJwtSecret(config);
  const app = await createApp(config, logger);
  const yoga = createGraphQLHandler(app);
  const probes = createProbeEndpoints(app);
  const metricsEndpoint = createMetricsEndpoint({ config, logger, registry: app.metrics.registry });
  // The MCP SDK is loaded with the first /mcp request: a server that no agent calls does not carry
  // it. Likewise sofa-api, fets and the REST view of the schema, with the first /api request.
  const mcp = lazyEndpoint('MCP', () => import('./mcp/http.ts').then(({ createMcpEndpoint }) => createMcpEndpoint(app)), logger);
  const rest = lazyEndpoint('REST', () => import('./rest/rest.ts').then(({ createRestEndpoint }) => createRestEndpoint(app, yoga)), logger);
  let stopping: Promise<void> | undefined;

  const server = createServer(async (req, res) => {
    app.metrics.http.track(req, res);
    if (await probes.handle(req, res, stopping !== undefined)) return;
    if (await metricsEndpoint.handle(req, res)) return;
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    if (isMcpRequest(req)) return mcp(req, res, requestId);
    if (isRestRequest(req)) return rest(req, res, requestId);
    yoga(req, res, { requestId });
  });
  // Longer than the idle timeouts of common load balancers and HTTP clients, so a reused
  // keep-alive connection is not closed under a request that is just being sent.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const webSockets = attachWebSocketServer({ server, yoga, app, maskError: yoga.maskTransportError });

  async function shutDown() {
    const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
    const remaining = () => deadline - Date.now();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Completes open subscriptions before their sockets go.
    await settleWithin(app.events.close(), STEP_MS);
    await settleWithin(webSockets.close(), STEP_MS);
    server.closeIdleConnections();
    if (!(await settleWithin(closed, remaining() / 2))) server.closeAllConnections();
    await app.close(Math.max(0, remaining() - STEP_MS));
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
      stopping ??= (async () => {
        // Still serving, but /ready already answers 503: the load balancer drains this instance.
        if (config.SHUTDOWN_DRAIN_SECONDS) await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_SECONDS * 1000));
        await shutDown();
      })();
      return stopping;
    },
  };
}
