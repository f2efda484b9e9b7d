import { GraphQLError } from 'graphql';

/** Codes of requests refused before anything runs (they come in errors[], never as typed results). */
export const refusalCodes = ['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_REQUIRED', 'UNSUPPORTED_MEDIA_TYPE', 'METHOD_NOT_ALLOWED'] as const;
export type RefusalCode = (typeof refusalCodes)[number];

const statusOf = (code: RefusalCode) => (code === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : code === 'METHOD_NOT_ALLOWED' ? 405 : 400);

/**
 * A request refused before anything runs: HTTP 400 (415 for a body it cannot read, 405 for a
 * method the endpoint does not take), a stable code, a message for people.
 */
export const refusal = (code: RefusalCode, message: string, extensions: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  // spec: false keeps the status whatever the client accepts (yoga would otherwise answer 200 to application/json).
  new GraphQLError(message, { extensions: { ...extensions, code, http: { status: statusOf(code), spec: false, ...(headers ? { headers } : {}) } } });
