import { lockRow } from './row-lock.ts';

type Row = Record<string, unknown>;
type Key = Readonly<Record<string, unknown>>;

/**
 * What one transaction knows of the rows it holds. A row it locked or wrote (PostgreSQL: a lock at
 * least as strong as FOR NO KEY UPDATE, kept until the end; SQLite: the database's single write
 * lock) can change only through this transaction's own writes. So a held row need not be locked
 * again, and a whole row read (or returned by a write) while held stays current until the
 * transaction's next write that may change an existing row: every such write forgets the rows
 * known, the locks stay. Only transactions started through the audited client are tracked, keyed
 * by their client, so nothing is kept once a transaction ends; any other client tracks nothing.
 */
interface HeldRows {
  locked: Set<string>;
  current: Map<string, Row>;
}

const byClient = new WeakMap<object, HeldRows>();

/** Starts tracking a transaction, under its client and any wrapper of it. */
export function trackHeldRows(transaction: object, ...aliases: object[]): void {
  const held: HeldRows = { locked: new Set(), current: new Map() };
  for (const client of [transaction, ...aliases]) byClient.set(client, held);
}

const idOf = (table: string, key: Key) => `${table} ${JSON.stringify(Object.keys(key).sort().map((column) => [column, key[column]]))}`;

export const isHeld = (tx: object, table: string, key: Key): boolean => byClient.get(tx)?.locked.has(idOf(table, key)) ?? false;

export function markHeld(tx: object, table: string, key: Key): void {
  byClient.get(tx)?.locked.add(idOf(table, key));
}

/** The whole row (every scalar column) as it is now, if this transaction holds it and knows it. */
export const knownRow = (tx: object, table: string, key: Key): Row | undefined => byClient.get(tx)?.current.get(idOf(table, key));

/** `row`, whole, read or written while this transaction holds it. */
export function rememberRow(tx: object, table: string, key: Key, row: Row): void {
  const held = byClient.get(tx);
  if (!held) return;
  held.locked.add(idOf(table, key));
  held.current.set(idOf(table, key), row);
}

/** Before a write that may change existing rows (by a cascade or a trigger too, or raw SQL). */
export function forgetRows(tx: object): void {
  byClient.get(tx)?.current.clear();
}

/** lockRow, unless this transaction holds the row already; says whether the row is held. */
export async function holdRow(tx: Parameters<typeof lockRow>[0] & object, table: string, key: Key): Promise<boolean> {
  if (isHeld(tx, table, key)) return true;
  const found = await lockRow(tx, table, key);
  if (found) markHeld(tx, table, key);
  return found;
}
