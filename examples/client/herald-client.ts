import { Client, fetchExchange, type OperationResult, subscriptionExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import possibleTypes from './generated/possible-types.ts';

export interface HeraldClientOptions {
  /** The HTTP endpoint, e.g. http://localhost:4000/graphql; WebSocket uses the same URL. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` over HTTP and in connectionParams over WebSocket. */
  token?: string;
  /**
   * Send each operation by the id codegen gave it (generated/persisted-documents.json) instead
   * of its text: what a server with PERSISTED_OPERATIONS_ONLY=true requires.
   */
  persisted?: boolean;
}

export interface HeraldClient {
  urql: Client;
  /** Resolves when the WebSocket is open and acknowledged (it opens with the first subscription). */
  connected(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An urql client for Herald: queries and mutations over HTTP, subscriptions over WebSocket
 * (graphql-ws, subprotocol graphql-transport-ws), both with the same token.
 */
export function createHeraldClient({ url, token, persisted = false }: HeraldClientOptions): HeraldClient {
  const authorization = token ? `Bearer ${token}` : undefined;
  let ws: WsClient | undefined;
  let acknowledged = () => {};
  const connected = new Promise<void>((resolve) => (acknowledged = resolve));
  const webSocket = () =>
    (ws ??= createWsClient({
      url: url.replace(/^http/, 'ws'),
      // Node 20 has no global WebSocket; browsers and Node 22 can leave this out.
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
      on: { connected: () => acknowledged() },
    }));
  const urql = new Client({
    url,
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: authorization ? { authorization } : undefined }),
    exchanges: [
      ...(persisted
        ? [
            persistedExchange({
              // Never fall back to sending the document: the server knows the ids from the manifest.
              enforcePersistedQueries: true,
              enableForMutation: true,
              enableForSubscriptions: true,
              preferGetForPersistedQueries: false,
              generateHash: async (_query, document) => (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? '',
            }),
          ]
        : []),
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            // graphql-ws requires a query string; a persisted operation sends an empty one and its id.
            unsubscribe: webSocket().subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
      fetchExchange,
    ],
  });
  return {
    urql,
    connected: () => connected,
    close: async () => {
      await ws?.dispose();
    },
  };
}

/** A result of `... on Error { code message }`: every mutation's union has such members. */
export interface TypedError {
  __typename: string;
  code: string;
  message: string;
}

const errorTypes = new Set<string>(possibleTypes.possibleTypes.Error);

/** Whether a union member is one of the schema's error types (they all implement `Error`). */
export const isTypedError = <T extends { __typename?: string }>(value: T): value is T & TypedError =>
  value.__typename !== undefined && errorTypes.has(value.__typename);

/** A failure outside the typed result: the request itself was refused (errors[], extensions.code). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The data of a result, or a RequestError with the first error's extensions.code. */
export function dataOf<T>(result: OperationResult<T>): T {
  const graphQLError = result.error?.graphQLErrors[0];
  if (graphQLError) throw new RequestError(String(graphQLError.extensions?.code ?? 'UNKNOWN'), graphQLError.message);
  if (result.error) throw new RequestError('NETWORK_ERROR', result.error.message);
  if (!result.data) throw new RequestError('NO_DATA', 'The server answered without data');
  return result.data;
}
