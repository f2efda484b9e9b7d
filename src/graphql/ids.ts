import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../domain/errors.ts';

/** The database id inside a global ID of the expected type; anything else is NOT_FOUND. */
export function localId(globalId: string, typename: string): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && decoded.id) return decoded.id;
  } catch {
    // fall through: malformed IDs are simply not found
  }
  throw new NotFoundError(typename);
}

/**
 * Like localId, for nullable reads: a malformed ID or one of another type becomes an id that
 * matches no row, so the read still runs (with its nested selections) and answers null.
 */
export function localIdForRead(globalId: string, typename: string): string {
  try {
    return localId(globalId, typename);
  } catch {
    return '';
  }
}
