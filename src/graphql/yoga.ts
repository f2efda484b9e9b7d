import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { connectionParamsAuthorization, viewerFromAuthorization } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import type { Context } from './context.ts';
import { queryLimitPlugins } from './limits.ts';
import { maskError } from './mask-error.ts';
import { schema } from './schema.ts';

/** What a transport hands yoga: HTTP gives a request, graphql-ws the connection params. */
interface TransportContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

function authorizationOf({ request, connectionParams }: TransportContext): string | null {
  if (connectionParams) return connectionParamsAuthorization(connectionParams);
  return request?.headers.get('authorization') ?? null;
}

export function createGraphQLHandler(app: AppContext) {
  return createYoga<{ req: IncomingMessage; res: ServerResponse } & TransportContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: { maskError, isDev: app.config.NODE_ENV === 'development' },
    logging: app.logger,
    healthCheckEndpoint: null as never,
    plugins: queryLimitPlugins(),
    context: async (transport): Promise<Context> => ({
      app,
      viewer: await viewerFromAuthorization(authorizationOf(transport), app.tokens),
    }),
  });
}

export type GraphQLHandler = ReturnType<typeof createGraphQLHandler>;
