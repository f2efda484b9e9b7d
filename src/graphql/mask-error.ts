import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as defaultMaskError, type Plugin } from 'graphql-yoga';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { requestIdOfError } from './fault-request.ts';
import { withoutInputValues } from './redact-values.ts';
import { refusal } from './refusal.ts';

function coded(error: unknown, message: string, code: ErrorCode): GraphQLError {
  const source = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError(message, {
    nodes: source?.nodes,
    source: source?.source,
    positions: source?.positions,
    path: source?.path,
    extensions: { ...source?.extensions, code, ...(code === 'UNAUTHENTICATED' ? { http: { status: 401 } } : {}) },
  });
}

/**
 * Every error a client sees carries a stable `extensions.code` and no value it sent. Expected
 * failures keep their message; anything unexpected is logged (with the request id) and masked.
 */
/** A message without the values a client sent, and without "Did you mean …?" when the schema is not browsable. */
export const messageCleaner = (hideSuggestions: boolean) => (message: string) => {
  const withoutValues = withoutInputValues(message).replace(/^(Invalid global ID|Invalid cursor)\b.*$/s, '$1');
  const shown = hideSuggestions ? withoutValues.replace(/ ?Did you mean [^?]*\?/g, '') : withoutValues;
  return shown.length > MAX_MESSAGE_LENGTH ? `${shown.slice(0, MAX_MESSAGE_LENGTH)}…` : shown;
};

// Long messages are echoes of long input; nothing Herald says needs more.
const MAX_MESSAGE_LENGTH = 500;

/** Validation errors do not pass through the masking: their messages are cleaned where they are made. */
export const useCleanValidationMessages = (clean: (message: string) => string): Plugin => ({
  onValidate: () => ({ result }) => {
    for (const error of result) error.message = clean(error.message);
  },
});

/**
 * Prisma's "required record not found": a row this request read was deleted before a later
 * statement of the same request (a field's reload of its parent) read it again.
 */
const isRecordGone = (error: unknown): error is { meta?: { modelName?: unknown } } => (error as { code?: unknown } | null)?.code === 'P2025';
// Prisma's model names are not always the API's type names (Membership is Member): none is given.
const GONE_MESSAGE = 'Not found: what this field reads was deleted while the request was answered';

export function createMaskError({ logger, maxBodyBytes, clean }: { logger: Logger; maxBodyBytes: number; clean: (message: string) => string }) {
  return function maskError(error: unknown, message: string, isDev?: boolean): Error {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof AppError) return coded(error, clean(original.message), original.code);
    // Bad connection arguments, cursors and global IDs, as reported by Pothos.
    if (original instanceof PothosValidationError) return coded(error, clean(original.message), 'BAD_USER_INPUT');
    if (isRecordGone(original)) {
      // Expected under concurrent deletes, but also what a service that forgot to check would
      // raise: kept in the log, below error level, with the model to find it by.
      logger.info({ model: original.meta?.modelName, path: error instanceof GraphQLError ? error.path?.join('.') : undefined, reqId: requestIdOfError(error) }, 'a row was gone when a field read it');
      return coded(error, GONE_MESSAGE, 'NOT_FOUND');
    }
    if (error instanceof GraphQLError && error.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE') {
      return refusal('BAD_USER_INPUT', `The request body is larger than the limit of ${maxBodyBytes} bytes.`);
    }
    // Already coded by GraphQL, yoga or a limit (a malformed body, a parse error…): kept, without
    // the values it quotes and without the underlying error, which may quote the whole body.
    if (error instanceof GraphQLError && error.extensions?.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR') {
      const { originalError: _hidden, ...extensions } = error.extensions as Record<string, unknown>;
      return new GraphQLError(clean(error.message), { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
    }
    // Errors the executor raises about the request itself (e.g. a variable of the wrong type)
    // have no path and at most another GraphQLError as their cause.
    if (error instanceof GraphQLError && !error.path && (!original || original instanceof GraphQLError)) {
      return coded(error, clean(error.message), 'BAD_USER_INPUT');
    }
    logger.error({ err: original ?? error, reqId: requestIdOfError(error) ?? requestIdOfError(original) }, 'unexpected error while serving a request');
    return defaultMaskError(error, message, isDev);
  };
}
