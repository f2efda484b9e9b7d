import { getOperationAST, Kind, parse } from 'graphql';

const signInFields = new Set(['logIn', 'signUp', '__typename']);

/**
 * Whether a request only signs in or up. Apps often keep sending the token they last had; when it
 * has expired, that must not stop the user from getting a new one.
 */
export function onlySignsIn(params: { query?: unknown; operationName?: unknown } | undefined): boolean {
  if (typeof params?.query !== 'string') return false;
  try {
    const operation = getOperationAST(parse(params.query), typeof params.operationName === 'string' ? params.operationName : undefined);
    return (
      operation?.operation === 'mutation' &&
      operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && signInFields.has(selection.name.value))
    );
  } catch {
    return false;
  }
}
