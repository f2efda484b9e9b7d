import type { ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

// Error masking has no context, only the error: the request it happened in travels with it.
const requestOfError = new WeakMap<object, string>();

/** Remembers the request an error (and the error it wraps) happened in, unless it has one already. */
export function tagWithRequest(error: unknown, requestId: string | undefined): void {
  if (!requestId) return;
  for (const each of [error, (error as { originalError?: unknown } | null)?.originalError]) {
    if (typeof each === 'object' && each !== null && !requestOfError.has(each)) requestOfError.set(each, requestId);
  }
}

/** The request an error was tagged with, if any. */
export const requestIdOfError = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? requestOfError.get(error) : undefined;

/** Tags every error of an execution result with the request it happened in. */
export const tagResult = (result: ExecutionResult, requestId: string | undefined) => {
  for (const error of result.errors ?? []) tagWithRequest(error, requestId);
};
const requestIdOf = (contextValue: unknown) => (contextValue as { requestId?: string }).requestId;

/** Tags the errors of every execution and subscription result; listed before yoga's masking runs. */
export function useFaultRequestIds(): Plugin {
  return {
    onExecute({ args }) {
      const requestId = requestIdOf(args.contextValue);
      return { onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => tagResult(result, requestId)) };
    },
    onSubscribe({ args }) {
      const requestId = requestIdOf(args.contextValue);
      return {
        onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => tagResult(result, requestId)),
        onSubscribeError: ({ error }) => tagWithRequest(error, requestId),
      };
    },
  };
}
