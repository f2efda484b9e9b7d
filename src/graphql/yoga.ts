import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga } from 'graphql-yoga';
import type { TokenSigner } from '../auth/tokens.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { viewerFromToken } from '../modules/account/account.service.ts';
import type { Context } from './context.ts';
import { queryLimitPlugins } from './limits.ts';
import { maskError } from './mask-error.ts';
import { schema } from './schema.ts';

/** What a transport hands yoga: HTTP gives a request, graphql-ws the connection params. */
interface TransportContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/** The "Bearer …" value a graphql-ws client sends in its connection params. */
export function connectionParamsAuthorization(connectionParams: Record<string, unknown> | undefined): string | null {
  const value = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof value === 'string' ? value : null;
}

function authorizationOf({ request, connectionParams }: TransportContext): string | null {
  if (connectionParams) return connectionParamsAuthorization(connectionParams);
  return request?.headers.get('authorization') ?? null;
}

/** Resolves "Bearer <token>" to the viewer; no header means anonymous, a bad one UNAUTHENTICATED. */
export async function viewerFromAuthorization(header: string | null, tokens: TokenSigner) {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return viewerFromToken({ token: match[1], tokens });
}

export function createGraphQLHandler({
  tokens,
  logger,
  isDev,
  adminEmails,
}: { tokens: TokenSigner; logger: Logger; isDev: boolean; adminEmails: readonly string[] }) {
  return createYoga<{ req: IncomingMessage; res: ServerResponse } & TransportContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: { maskError, isDev },
    logging: logger,
    healthCheckEndpoint: null as never,
    plugins: queryLimitPlugins(),
    context: async (transport): Promise<Context> => ({
      viewer: await viewerFromAuthorization(authorizationOf(transport), tokens),
      tokens,
      logger,
      adminEmails,
    }),
  });
}

export type GraphQLHandler = ReturnType<typeof createGraphQLHandler>;
