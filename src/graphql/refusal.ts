import { GraphQLError } from 'graphql';

/** Codes of requests refused before anything runs (they come in errors[], never as typed results). */
export type RefusalCode = 'BAD_USER_INPUT' | 'QUERY_TOO_COMPLEX' | 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_REQUIRED';

/** A request refused before anything runs: HTTP 400, a stable code, a message for people. */
export const refusal = (code: RefusalCode, message: string, extensions: Record<string, unknown> = {}) =>
  // spec: false keeps the 400 whatever the client accepts (yoga would otherwise answer 200 to application/json).
  new GraphQLError(message, { extensions: { ...extensions, code, http: { status: 400, spec: false } } });
