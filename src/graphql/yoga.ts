import type { IncomingMessage, ServerResponse } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaLogger } from 'graphql-yoga';
import { connectionParamsAuthorization, sessionFromAuthorization } from '../auth/authenticate.ts';
import { clientAddressOf } from '../auth/client-address.ts';
import type { AppContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { Context } from './context.ts';
import { useAuditScope } from './audit-scope.ts';
import { useBodyDecoding } from './body-decoding.ts';
import { useCompiledReads } from './compiled-reads/use-compiled-reads.ts';
import { useBodySizeLimit } from './body-size-limit.ts';
import { useMediaTypeRefusal } from './media-type-refusal.ts';
import { useKeyReadScope } from './key-read-scope.ts';
import { tagWithRequest, useFaultRequestIds } from './fault-request.ts';
import { graphiqlOptions, renderGraphiQLPage, useGraphiQLAssets } from './graphiql.ts';
import { useInputGuard } from './input-guard.ts';
import { defaultQueryLimits, queryLimitPlugins } from './limits.ts';
import { createMaskError, messageCleaner, useCleanValidationMessages } from './mask-error.ts';
import { useOperationMetrics } from './operation-metrics.ts';
import { loadPersistedOperations } from './persisted-operations.ts';
import { refusal } from './refusal.ts';
import { useRequestLog } from './request-log.ts';
import { schema } from './schema.ts';
import { useSharedEventExecution } from './shared-event-execution.ts';
import { onlySignsIn } from './sign-in-operation.ts';

/** What a transport hands yoga: HTTP gives a request, graphql-ws the connection params and the client's address. */
interface TransportContext {
  /** Set by server.ts (HTTP) or websocket.ts (one per operation), for log lines. */
  requestId?: string;
  request?: Request;
  connectionParams?: Record<string, unknown>;
  clientAddress?: string;
  params?: { query?: unknown; operationName?: unknown };
}

function authorizationOf({ request, connectionParams }: TransportContext): string | null {
  if (connectionParams) return connectionParamsAuthorization(connectionParams);
  return request?.headers.get('authorization') ?? null;
}

/** Variables or extensions that are not JSON (in a query string or a form) are the client's mistake, not a fault. */
function useMalformedParamsRefusal(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof SyntaxError) throw refusal('BAD_USER_INPUT', 'The request is not valid: variables and extensions must be JSON.');
          throw error;
        }
      });
    },
  };
}

const useNoIntrospection = (): Plugin => ({ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) });

/** Yoga's own messages, at debug; its error lines repeat what the error masking logs without request values. */
const yogaLogger = (logger: Logger): YogaLogger => ({
  debug: (...args) => logger.debug({ yoga: args.filter((arg) => typeof arg === 'string') }, 'yoga'),
  info: (...args) => logger.debug({ yoga: args.filter((arg) => typeof arg === 'string') }, 'yoga'),
  warn: (...args) => logger.warn({ yoga: args.filter((arg) => typeof arg === 'string') }, 'yoga'),
  error: () => {},
});

/**
 * Browsers may call from the configured origins only: any other origin (`null` included) gets no
 * CORS headers at all, and answers vary by Origin so caches keep them apart.
 */
function corsOf({ NODE_ENV, CORS_ORIGINS }: AppContext['config']) {
  const origins = CORS_ORIGINS ?? (NODE_ENV === 'production' ? [] : ['*']);
  if (origins.length === 0) return false;
  const options = { credentials: false, methods: ['GET', 'POST', 'OPTIONS'] };
  if (origins.includes('*')) return { ...options, origin: '*' };
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return (origin && origins.includes(origin) ? { ...options, origin } : false) as { origin: string };
  };
}

const useVaryByOrigin = (): Plugin => ({
  onResponse({ response }) {
    response.headers.append('vary', 'Origin');
  },
});

export function createGraphQLHandler(app: AppContext) {
  const { config, logger } = app;
  const introspection = config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
  const isDev = config.NODE_ENV === 'development';
  const clean = messageCleaner(!introspection);
  const maskError = createMaskError({ logger, maxBodyBytes: config.MAX_REQUEST_BODY_BYTES, clean });
  const persistedOperations = loadPersistedOperations(config);
  if (persistedOperations.size || config.PERSISTED_OPERATIONS_ONLY) {
    logger.info({ persistedOperations: persistedOperations.size, only: config.PERSISTED_OPERATIONS_ONLY }, 'persisted operations loaded');
  }
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse } & TransportContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: { maskError, isDev },
    logging: yogaLogger(logger),
    healthCheckEndpoint: null as never,
    graphiql: introspection && graphiqlOptions,
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    // Sent by clients of persisted operations; with a query as well, the query runs.
    extraParamNames: ['documentId'],
    cors: corsOf(config),
    // useBodySizeLimit below does it without streaming every body through a counter.
    maxRequestBodySize: false,
    plugins: [
      // First, so that no other plugin's hook ends a subscription's setup before it is counted.
      useOperationMetrics(app.metrics),
      useRequestLog(logger),
      useFaultRequestIds(),
      useVaryByOrigin(),
      ...(introspection ? [useGraphiQLAssets()] : []),
      // Before the size limit, so that the limit's parser wraps it: see useBodyDecoding.
      useBodyDecoding(config.MAX_REQUEST_BODY_BYTES),
      useBodySizeLimit(config.MAX_REQUEST_BODY_BYTES),
      useMalformedParamsRefusal(),
      // Only requests a browser would have preflighted: JSON bodies, or a CSRF header.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-preflight'] }),
      // After it: a request a browser could send unpreflighted is a 403 whatever its type.
      useMediaTypeRefusal(),
      // Before anything that reads the document: an id becomes its document here.
      persistedOperations.plugin(),
      ...(introspection ? [] : [useNoIntrospection()]),
      useCleanValidationMessages(clean),
      useInputGuard(),
      ...queryLimitPlugins({ ...defaultQueryLimits, maxNodes: config.MAX_QUERY_NODES }),
      useKeyReadScope(),
      useSharedEventExecution(),
      useAuditScope(),
      // Last: every check above has run before a query is answered by one statement.
      ...(config.COMPILED_READS ? [useCompiledReads()] : []),
    ],
    context: async (transport): Promise<Context> => {
      const session = await sessionFromAuthorization(authorizationOf(transport), app.tokens, transport.connectionParams ? undefined : app.sessionCache).catch((error: unknown) => {
        if (onlySignsIn(transport.params)) return null;
        tagWithRequest(error, transport.requestId);
        throw error;
      });
      if (session?.viewer.apiKey) {
        await app.apiKeyRateLimit.consume(session.viewer.apiKey.id).catch((error: unknown) => {
          tagWithRequest(error, transport.requestId);
          throw error;
        });
      }
      return {
        app,
        viewer: session?.viewer ?? null,
        sessionExpiresAt: session?.expiresAt ?? null,
        clientAddress: transport.clientAddress ?? clientAddressOf(transport.req, config.TRUST_PROXY),
      };
    },
  });
  /** The same masking for errors another transport (graphql-ws) reports itself. */
  const maskTransportError = (error: unknown) => maskError(error, 'Unexpected error.', isDev);
  return Object.assign(yoga, { maskTransportError, persistedOperations });
}

export type GraphQLHandler = ReturnType<typeof createGraphQLHandler>;
