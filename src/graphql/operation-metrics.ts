import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { OperationType } from '../metrics/graphql.ts';
import type { Metrics } from '../metrics/metrics.ts';

/** The type of the operation a document runs, `unknown` when it names none that it holds. */
export const operationTypeOf = (document: DocumentNode, operationName: unknown): OperationType =>
  getOperationAST(document, typeof operationName === 'string' ? operationName : undefined)?.operation ?? 'unknown';

/**
 * Counts GraphQL operations over HTTP (websocket.ts counts its own, which never pass through
 * yoga's request hooks) and keeps the open-subscriptions gauge for both transports: a
 * subscription over graphql-ws has `connectionParams` in its context, one over HTTP is an event
 * stream.
 */
export function useOperationMetrics({ graphql, realtime }: Pick<Metrics, 'graphql' | 'realtime'>): Plugin {
  const requests = new WeakMap<Request, { started: number; type: OperationType }>();
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now(), type: 'unknown' });
    },
    onValidate({ context, params }) {
      const { request, params: requestParams } = context as { request?: Request; params?: { operationName?: unknown } };
      const record = request && requests.get(request);
      if (record) record.type = operationTypeOf(params.documentAST, requestParams?.operationName);
    },
    onResultProcess({ request, result }) {
      const record = requests.get(request);
      if (!record) return;
      requests.delete(request);
      // An event stream's errors come with its events; it started, so it counts as ok.
      const errors = isAsyncIterable(result) ? undefined : (Array.isArray(result) ? result : [result]).flatMap((single: ExecutionResult) => single.errors ?? []);
      graphql.operation(record.type, errors, record.started);
    },
    onSubscribe({ context }) {
      const transport = 'connectionParams' in context ? 'websocket' : 'sse';
      let closed: (() => void) | undefined;
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) return;
          closed = realtime.subscriptionOpened(transport);
          return { onEnd: closed };
        },
        // A stream that fails ends without onEnd.
        onSubscribeError: () => closed?.(),
      };
    },
  };
}
