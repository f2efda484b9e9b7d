import { GraphQLError } from 'graphql';
import { maskError as defaultMaskError } from 'graphql-yoga';
import { AppError } from '../errors.ts';

/**
 * Expected failures that reach the top level (queries, a bad token) keep their message and a
 * stable `extensions.code`; anything unexpected is masked.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, http: original.code === 'UNAUTHENTICATED' ? { status: 401 } : undefined },
    });
  }
  return defaultMaskError(error, message, isDev);
}
