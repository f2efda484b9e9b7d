import type { GraphQLResultLike, Outcome } from './outcome.ts';
import { errorCode } from './outcome.ts';

/** Error codes that say the request was turned away before any resolver ran. */
export const refusalCodes = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST']);
export const refusalStatuses = new Set([400, 405, 413, 415]);
/** graphql-ws closes for a malformed message, subscribe before init, a duplicate id, a second init; 1009 is "too big". */
export const refusalCloseCodes = new Set([4400, 4401, 4409, 4429, 1009]);

/**
 * No data, no error on a path (an error with a path was raised by a resolver, so execution had
 * begun: a subscription refusing its arguments answers without data but with a path), and every
 * error a refusal code.
 */
export function isRefusal(result: GraphQLResultLike): boolean {
  const errors = result.errors ?? [];
  if (!errors.length) return false;
  const noData = (result.data === undefined || result.data === null) && errors.every((error) => error.path === undefined);
  return noData && errors.every((error) => refusalCodes.has(errorCode(error)));
}

/**
 * Whether the server refused the operation before executing it, so it must not have run any SQL:
 * a refusal status, or only refusal-coded errors, or (WebSocket) a protocol close with no answer.
 */
export function refusedBeforeExecution(outcome: Outcome): boolean {
  if (outcome.transport === 'http') {
    if (outcome.status !== undefined && refusalStatuses.has(outcome.status)) return true;
    return outcome.results.length > 0 && outcome.results.every(isRefusal);
  }
  if (outcome.accepted > 0) return false;
  if (outcome.results.length > 0) return outcome.results.every(isRefusal);
  return outcome.close !== undefined && refusalCloseCodes.has(outcome.close.code);
}
