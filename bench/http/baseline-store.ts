// What the baseline server needs from a database, and the rules both of its stores share with
// Herald's schema (page sizes, global IDs).

/** The user check, then the operation's one statement. */
export const BASELINE_STATEMENTS_PER_REQUEST = 2;

export class BadRequest extends Error {}

export type Variables = Record<string, unknown>;

export interface BaselineStore {
  isActiveUser(userId: string): Promise<boolean>;
  /** The `data` of each operation the baseline answers, by operationName. */
  operations: Record<string, (viewerId: string, variables: Variables) => Promise<unknown>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** A connection's `first`, as Herald's Pothos config applies it (default 20, at most 100). */
export function pageSize(first: unknown): number {
  if (first === undefined || first === null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || (first as number) < 0) throw new BadRequest('first must be a non-negative integer');
  return Math.min(first as number, MAX_PAGE);
}

/** A Relay global ID: base64 of "Type:id". */
export const encodeGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** The database id inside a global ID of the expected type, else an id no row has (Herald answers null). */
export function localIdForRead(globalId: unknown, type: string): string {
  if (typeof globalId !== 'string') throw new BadRequest('an ID variable must be a string');
  const decoded = Buffer.from(globalId, 'base64').toString();
  const separator = decoded.indexOf(':');
  return decoded.slice(0, separator) === type ? decoded.slice(separator + 1) : '';
}
