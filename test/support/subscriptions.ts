import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** The next event, or a rejection when none arrives in time or the operation errors. */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves true if no event arrives within the window. */
  expectSilence(windowMs?: number): Promise<boolean>;
  /** Resolves when the server completes the subscription. */
  completed: Promise<void>;
  /** Errors the server sent for the operation. */
  errors: Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>;
  unsubscribe(): void;
}

export interface WsClient {
  client: Client;
  closed: Promise<{ code: number; reason: string }>;
  subscribe<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Subscription<TResult>;
  dispose(): Promise<void>;
}

/** A graphql-ws client (graphql-transport-ws) with the token in connectionParams. */
export function connectWs(httpUrl: string, token: string | null): WsClient {
  let resolveClosed: (value: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // surfaced through `closed` instead of console.error
    on: { closed: (event) => resolveClosed(event as { code: number; reason: string }) },
  });
  return {
    client,
    closed,
    subscribe: (document, variables) => subscribeWith(client, document, variables),
    dispose: () => client.dispose() as Promise<void>,
  };
}

function subscribeWith<TResult, TVariables>(client: Client, document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Subscription<TResult> {
  const queue: TResult[] = [];
  const waiters: ((value: TResult) => void)[] = [];
  let resolveErrors: (errors: readonly { message: string; extensions?: Record<string, unknown> }[]) => void = () => {};
  let resolveCompleted: () => void = () => {};
  const errors = new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>((resolve) => (resolveErrors = resolve));
  const completed = new Promise<void>((resolve) => (resolveCompleted = resolve));

  const unsubscribe = client.subscribe<TResult>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result: ExecutionResult<TResult>) => {
        if (result.errors?.length) return resolveErrors(result.errors as never);
        const data = result.data as TResult;
        const waiter = waiters.shift();
        if (waiter) waiter(data);
        else queue.push(data);
      },
      error: (error) => resolveErrors(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }]),
      complete: () => resolveCompleted(),
    },
  );

  return {
    next(timeoutMs = 5_000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise<TResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No event within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (value: TResult) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiters.push(waiter);
      });
    },
    async expectSilence(windowMs = 300) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      return queue.length === 0;
    },
    completed,
    errors,
    unsubscribe,
  };
}
