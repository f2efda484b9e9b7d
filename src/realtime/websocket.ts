import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type DocumentNode, type ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { isAsyncIterable } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { connectionParamsAuthorization, sessionFromAuthorization } from '../auth/authenticate.ts';
import { clientAddressOf } from '../auth/client-address.ts';
import type { AppContext } from '../context.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { operationTypeOf } from '../graphql/operation-metrics.ts';
import { refusal } from '../graphql/refusal.ts';
import type { GraphQLHandler } from '../graphql/yoga.ts';
import { tagWithRequest } from '../graphql/fault-request.ts';
import type { OperationType } from '../metrics/graphql.ts';

export const MAX_OPERATIONS_PER_SOCKET = 100;

function withoutHttp(error: GraphQLError): GraphQLError {
  if (!error.extensions?.http) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

const isUnauthenticated = (error: unknown) =>
  error instanceof UnauthenticatedError ||
  (error instanceof GraphQLError && (error.originalError instanceof UnauthenticatedError || error.extensions?.code === 'UNAUTHENTICATED'));

type EnvelopedArgs = ExecutionArgs &
  Pick<ReturnType<GraphQLHandler['getEnveloped']>, 'execute' | 'subscribe'> & {
    /** For the operation metrics: what it is, and when it arrived. */
    operationType: OperationType;
    started: number;
  };

/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's /graphql path. Every
 * operation goes through yoga's envelop, so it gets the same schema, limits, error masking and
 * context as HTTP. The token in connectionParams.authorization is checked on connect and on every
 * subscribe; without a valid one the socket closes with 4403. A refused or malformed operation is
 * answered with an `error` message for that operation; the socket and its other operations stay.
 */
export function attachWebSocketServer({
  server,
  yoga,
  app,
  maskError,
}: {
  server: Server;
  yoga: GraphQLHandler;
  app: AppContext;
  maskError: (error: unknown) => Error;
}) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: app.config.MAX_REQUEST_BODY_BYTES, handleProtocols });
  const { logger, tokens, metrics } = app;
  // ws re-emits the HTTP server's errors (a port in use): the server's own listener reports them.
  wss.on('error', () => {});

  const refuse = (requestId: string, operation: string | null | undefined, errors: readonly unknown[], measured: { type: OperationType; started: number }) => {
    for (const error of errors) tagWithRequest(error, requestId);
    // HTTP statuses mean nothing on a socket.
    const masked = errors.map((error) => withoutHttp(maskError(error) as GraphQLError));
    metrics.graphql.operation(measured.type, masked, measured.started);
    const codes = [...new Set(masked.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
    logger.info({ reqId: requestId, transport: 'ws', operation: operation ?? null, outcome: 'client_error', codes }, 'graphql operation refused');
    return masked;
  };

  /** Runs an accepted operation and counts it by its answer; a subscription that started is ok. */
  const counted = async (args: EnvelopedArgs, run: (args: EnvelopedArgs) => ReturnType<EnvelopedArgs['execute']>) => {
    try {
      const result = await run(args);
      metrics.graphql.operation(args.operationType, isAsyncIterable(result) ? undefined : result.errors, args.started);
      return result;
    } catch (error) {
      metrics.graphql.operation(args.operationType, [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }], args.started);
      throw error;
    }
  };

  const options: ServerOptions<Record<string, unknown> | undefined, SocketExtra> = {
      // onSubscribe below returns yoga's execute/subscribe alongside the arguments.
      execute: (args) => counted(args as EnvelopedArgs, (enveloped) => enveloped.execute(enveloped)),
      subscribe: (args) => counted(args as EnvelopedArgs, (enveloped) => enveloped.subscribe(enveloped)),
      onConnect: async (ctx) => {
        const authorization = connectionParamsAuthorization(ctx.connectionParams);
        if (!authorization) return false;
        return sessionFromAuthorization(authorization, tokens).then(
          (session) => session !== null,
          () => false,
        );
      },
      onSubscribe: async (ctx, _id, payload) => {
        const requestId = randomUUID();
        const measured = { type: 'unknown' as OperationType, started: performance.now() };
        // Each operation holds memory and multiplies the work of every event it listens to.
        // graphql-ws has already listed this operation among the socket's.
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_SOCKET) {
          return refuse(requestId, payload.operationName, [
            refusal('BAD_USER_INPUT', `A connection can run at most ${MAX_OPERATIONS_PER_SOCKET} operations at a time; complete some first`),
          ], measured);
        }
        // An id of a persisted operation becomes its document, by the rules HTTP follows.
        const persisted = yoga.persistedOperations.documentFor(payload);
        if ('error' in persisted) return refuse(requestId, payload.operationName, [persisted.error], measured);
        const params = { ...payload, query: persisted.query };
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          socket: ctx.extra.socket,
          requestId,
          clientAddress: ctx.extra.clientAddress,
          userAgent: ctx.extra.userAgent,
          params,
          connectionParams: ctx.connectionParams ?? {},
        });
        // Parse and validate first: a refused operation touches nothing, not even the database.
        let document: DocumentNode;
        try {
          document = parse(params.query);
        } catch (error) {
          // Coded like yoga codes it over HTTP.
          if (error instanceof GraphQLError && !error.extensions?.code) error.extensions.code = 'GRAPHQL_PARSE_FAILED';
          return refuse(requestId, payload.operationName, [error], measured);
        }
        measured.type = operationTypeOf(document, payload.operationName);
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (error) {
          // The limits that depend on the variables throw their refusal.
          return refuse(requestId, payload.operationName, [error], measured);
        }
        if (errors.length) return refuse(requestId, payload.operationName, errors, measured);
        if (measured.type === 'unknown') {
          const named = payload.operationName ? `named "${payload.operationName}"` : 'to run (name one with operationName)';
          return refuse(requestId, payload.operationName, [new GraphQLError(`Could not find an operation ${named}`, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })], measured);
        }
        let contextValue: unknown;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // The token expired or its user was deactivated since the socket opened.
          if (!isUnauthenticated(error)) return refuse(requestId, payload.operationName, [error], measured);
          ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
          const forbidden = [new GraphQLError('Forbidden', { extensions: { code: 'UNAUTHENTICATED' } })];
          metrics.graphql.operation(measured.type, forbidden, measured.started);
          return forbidden;
        }
        logger.info({ reqId: requestId, transport: 'ws', operation: payload.operationName ?? null, outcome: 'ok' }, 'graphql operation started');
        const args: EnvelopedArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
          execute,
          subscribe,
          operationType: measured.type,
          started: measured.started,
        };
        return args;
      },
  };
  serveGraphqlWs(wss, makeServer(options), { logger, trustProxy: app.config.TRUST_PROXY });
  wss.on('connection', (socket) => socket.once('close', metrics.realtime.connectionOpened()));
  const keepAlive = keepSocketsAlive(wss);

  return {
    /** Closes every socket (1001 Going Away) and stops accepting new ones. */
    async close() {
      clearInterval(keepAlive);
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

// How often every socket is pinged; one that has not answered the previous ping by then is dropped.
const KEEP_ALIVE_MS = 12_000;

/** One timer for all sockets, rather than one per socket. */
function keepSocketsAlive(wss: WebSocketServer): NodeJS.Timeout {
  const unanswered = new WeakSet<WebSocket>();
  wss.on('connection', (socket) => socket.on('pong', () => unanswered.delete(socket)));
  return setInterval(() => {
    for (const socket of wss.clients) {
      if (unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      unanswered.add(socket);
      socket.ping();
    }
  }, KEEP_ALIVE_MS);
}

/** What an operation needs of its socket. The upgrade request is not kept: it would be held for the socket's life. */
interface SocketExtra {
  socket: WebSocket;
  clientAddress: string;
  /** For the audit trail of mutations sent over the socket. */
  userAgent?: string;
}

/**
 * graphql-ws's server on `ws` sockets: what graphql-ws/use/ws does, except that a client
 * breaking the protocol (a message type only servers send, an oversized frame) gets 4400 instead
 * of 4500, and problems are logged through the app's logger instead of the console.
 */
function serveGraphqlWs(
  wss: WebSocketServer,
  graphqlWs: ReturnType<typeof makeServer<Record<string, unknown> | undefined, SocketExtra>>,
  { logger, trustProxy }: { logger: AppContext['logger']; trustProxy: boolean },
) {
  wss.on('connection', (socket, request) => {
    socket.on('error', (error) => {
      logger.info({ err: error }, 'WebSocket client error');
      socket.close(CloseCode.BadRequest, 'Invalid message received');
    });
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) => new Promise((resolve, reject) => (socket.readyState === socket.OPEN ? socket.send(data, (error) => (error ? reject(error) : resolve())) : resolve())),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              // Every hook above answers for itself; what is left is a client breaking the protocol.
              logger.info({ err: error }, 'WebSocket protocol violation');
              socket.close(CloseCode.BadRequest, 'Invalid message received');
            }
          }),
      },
      { socket, clientAddress: clientAddressOf(request, trustProxy), userAgent: request.headers['user-agent']?.slice(0, 300) },
    );
    socket.once('close', (code, reason) => void closed(code, String(reason)));
  });
}
