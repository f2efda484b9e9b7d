import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as defaultMaskError } from 'graphql-yoga';
import { AppError, type ErrorCode } from '../domain/errors.ts';

function coded(error: unknown, message: string, code: ErrorCode | 'BAD_REQUEST'): GraphQLError {
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
 * Every error a client sees carries a stable `extensions.code`. Expected failures that reach
 * the top level (queries, a bad token) keep their message; anything unexpected is masked.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) return coded(error, original.message, original.code);
  // Bad connection arguments, cursors and global IDs, as reported by Pothos.
  if (original instanceof PothosValidationError) return coded(error, original.message, 'BAD_USER_INPUT');
  // Errors the executor raises about the request itself (e.g. a variable of the wrong type)
  // have no path and at most another GraphQLError as their cause.
  if (error instanceof GraphQLError && !error.path && (!original || original instanceof GraphQLError) && !error.extensions?.code) {
    return coded(error, error.message, 'BAD_USER_INPUT');
  }
  return defaultMaskError(error, message, isDev);
}
