import { buildExecutionContext, execute } from '@graphql-tools/executor';
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { viewerIdentity } from '../auth/viewer.ts';
import type { Context } from './context.ts';

type Result = ExecutionResult | Promise<ExecutionResult>;

// An event goes to every subscriber of its topic, and subscribers with the same document,
// variables and viewer get the same answer: it is executed once for all of them and the result
// object shared (nothing downstream changes it; error masking makes new errors). The results
// live as long as the event object, which the bus hands to all of this process's subscribers.
const resultsByEvent = new WeakMap<object, Map<string, Result>>();
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/**
 * Who would get the same answer: the viewer is in the key, so nobody is answered through another's
 * tenancy. An API key is a viewer of its own: it acts for its creator (the same id) but sees only
 * what its scopes allow (a key without ADMIN is not shown the business's keys, its creator is).
 */
function groupKey({ document, operationName, variableValues, contextValue }: ExecutionArgs): string {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = nextDocumentId++));
  const { viewer } = contextValue as Context;
  return JSON.stringify([id, operationName ?? null, variableValues ?? {}, viewerIdentity(viewer ?? null)]);
}

function resultFor(event: unknown, key: string, args: ExecutionArgs): Result {
  // One subscriber's cancellation must not cut short an answer others share.
  const run = () => execute({ ...args, rootValue: event, signal: undefined }) as Result;
  // Not an event object (a subscriber's own end-of-session marker): nothing to share.
  if (typeof event !== 'object' || event === null) return run();
  let results = resultsByEvent.get(event);
  if (!results) resultsByEvent.set(event, (results = new Map()));
  let result = results.get(key);
  if (!result) results.set(key, (result = run()));
  return result;
}

function mapEvents(events: AsyncIterator<unknown>, resultOf: (event: unknown) => Result): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const next = await events.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: await resultOf(next.value) };
    },
    async return() {
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** What subscribe does (GraphQL's CreateSourceEventStream, then each event executed), sharing executions. */
export async function subscribeSharing(args: ExecutionArgs, subscribeFn: (args: ExecutionArgs) => unknown) {
  // Arguments the executor refuses (a variable of the wrong type…) get its own answer, codes included.
  if (!('schema' in buildExecutionContext(args))) return subscribeFn(args);
  const source = await createSourceEventStream(args);
  // The subscribe resolver's refusal (NOT_FOUND, UNAUTHENTICATED…), as a result with errors.
  if (!isAsyncIterable(source)) return source;
  const key = groupKey(args);
  return mapEvents(source[Symbol.asyncIterator](), (event) => resultFor(event, key, args));
}

export const useSharedEventExecution = (): Plugin => ({
  onSubscribe({ subscribeFn, setSubscribeFn }) {
    setSubscribeFn((args) => subscribeSharing(args, subscribeFn) as ReturnType<typeof subscribeFn>);
  },
});
