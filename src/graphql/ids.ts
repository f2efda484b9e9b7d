import { PothosValidationError } from '@pothos/core';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLSchema, isInterfaceType } from 'graphql';
import { NotFoundError } from '../domain/errors.ts';

let nodeTypeNames: ReadonlySet<string> | undefined;

/** Records the schema's node types once it is built: a global ID naming any other type is malformed. */
export function knowNodeTypes(schema: GraphQLSchema) {
  const node = schema.getType('Node');
  nodeTypeNames = new Set(isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : []);
}

/**
 * Decodes a global ID for the relay plugin and for localId. A NUL inside (an id no row can have,
 * which PostgreSQL would refuse as text) decodes to an empty id that matches nothing.
 */
export function decodeGlobalIdSafely(globalId: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalId);
  return decoded.id.includes('\u0000') || decoded.typename.includes('\u0000') ? { typename: decoded.typename.replaceAll('\u0000', ''), id: '' } : decoded;
}

/**
 * decodeGlobalIdSafely for the relay plugin (node(id:), nodes(ids:)): a type name that is not a
 * node type is refused like an undecodable ID, as node(id:) would otherwise fail looking the type
 * up, as an internal error. Not for localId: TrashItem, Version and audited rows that are not
 * nodes have global IDs that mutations and filters take back.
 */
export function decodeNodeGlobalId(globalId: string): { typename: string; id: string } {
  if (nodeTypeNames && !nodeTypeNames.has(decodeGlobalID(globalId).typename)) throw new PothosValidationError('Invalid global ID');
  return decodeGlobalIdSafely(globalId);
}

/** The global ID of a row, as `Node.id` gives it: the MCP server hands out the same ones. */
export const globalId = (typename: string, id: string) => encodeGlobalID(typename, id);

/** The database id inside a global ID of the expected type; anything else is NOT_FOUND. */
export function localId(globalId: string, typename: string): string {
  try {
    const decoded = decodeGlobalIdSafely(globalId);
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
