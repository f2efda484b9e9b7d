import { databaseProvider } from '../db/provider.ts';
import { forgetRows, holdRow, isHeld, knownRow, markHeld, rememberRow, trackHeldRows } from '../db/held-rows.ts';
import { lockRowsByKey } from '../db/row-lock.ts';
import type { AuditAction } from '../domain/enums.ts';
import { currentAuditScope } from './audit-scope.ts';
import { type AuditedModel, auditedModels } from './audited-models.ts';
import { type AuditChange, changesBetween, recordAudit } from './record-audit.ts';

// Every write to an audited model appends its audit events in the transaction that makes it:
// writes inside `$transaction` go through a wrapped transaction client, and a write made
// outside any becomes a transaction of its own. Services need not remember to audit; the one
// exception, the trash, moves rows with them muted and records one event per move itself.

type Row = Record<string, unknown>;
type Delegate = Record<string, (args?: any) => Promise<any>>;
type Client = Record<string | symbol, any>;

const writes = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);
const inserts = new Set(['create', 'createMany', 'createManyAndReturn']);
const rawStatements = new Set(['$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe', '$queryRawTyped']);
/** A relation write nested in an insert's data (a connect sets another row's foreign key). */
const nestedWrites = new Set(['connect', 'connectOrCreate', 'disconnect', 'set', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);
const nestsWrites = (data: unknown): boolean =>
  Array.isArray(data)
    ? data.some(nestsWrites)
    : typeof data === 'object' && data !== null && !(data instanceof Date) && Object.entries(data).some(([field, value]) => nestedWrites.has(field) || nestsWrites(value));
/** Whether a write may change rows that exist: any but a plain insert (a Json value that looks nested counts too: erring on the safe side). */
const changesRows = (operation: string, args: Row | undefined) => !inserts.has(operation) || nestsWrites(args?.data);
const kindOf = (operation: string): AuditAction => (operation.startsWith('create') ? 'CREATE' : operation.startsWith('delete') ? 'DELETE' : 'UPDATE');

/** Prisma's delegate names (`analyticsSnapshot`) of the audited models (`AnalyticsSnapshot`). */
const modelOfDelegate = new Map(Object.keys(auditedModels).map((model) => [model[0]!.toLowerCase() + model.slice(1), model]));

const keyColumns = (spec: AuditedModel) => spec.key ?? ['id'];
const keyValues = (spec: AuditedModel, row: Row) => Object.fromEntries(keyColumns(spec).map((column) => [column, row[column]]));
/** The unique filter of a row: `{ id }`, or a compound key's `{ a_b: { a, b } }`. */
const uniqueWhere = (spec: AuditedModel, row: Row) => {
  const columns = keyColumns(spec);
  return columns.length === 1 ? keyValues(spec, row) : { [columns.join('_')]: keyValues(spec, row) };
};
/** The key a unique filter names, when it names nothing else. */
function keyOfWhere(spec: AuditedModel, where: unknown): Row | undefined {
  const columns = keyColumns(spec);
  if (columns.length !== 1 || typeof where !== 'object' || where === null) return undefined;
  const entries = Object.entries(where);
  const [column, value] = entries[0] ?? [];
  return entries.length === 1 && column === columns[0] && (typeof value === 'string' || typeof value === 'number') ? { [column]: value } : undefined;
}
const entityIdOf = (spec: AuditedModel, row: Row) => keyColumns(spec).map((column) => String(row[column])).join('/');
const keyOf = (spec: AuditedModel, row: Row) => JSON.stringify(keyValues(spec, row));

async function findByKeys(delegate: Delegate, spec: AuditedModel, rows: readonly Row[]): Promise<Row[]> {
  if (!rows.length) return [];
  const columns = keyColumns(spec);
  const where = columns.length === 1 ? { [columns[0]!]: { in: rows.map((row) => row[columns[0]!]) } } : { OR: rows.map((row) => keyValues(spec, row)) };
  return delegate.findMany!({ where });
}

/** With a `select`, the given columns are selected too (without one, a write returns every column). */
const selectingColumns = (args: Row, columns: readonly string[]) =>
  args.select ? { ...args, select: { ...(args.select as Row), ...Object.fromEntries(columns.map((column) => [column, true])) } } : args;
/** With a `select`, the key is selected too, so the written row can be found again. */
const selectingKey = (spec: AuditedModel, args: Row = {}) => selectingColumns(args, keyColumns(spec));
/** A row returned for `selectingColumns(asked, columns)`, as `asked` would have returned it. */
const withoutUnasked = (row: Row, select: Row, columns: readonly string[]) => {
  const unasked = new Set(columns.filter((column) => !select[column]));
  return Object.fromEntries(Object.entries(row).filter(([field]) => !unasked.has(field)));
};

async function businessesOf(tx: Client, spec: AuditedModel, rows: readonly Row[]): Promise<(string | null)[]> {
  if (!spec.parent) return rows.map(spec.businessOf);
  const { model, column } = spec.parent;
  const parents: Row[] = await tx[model].findMany({ where: { id: { in: [...new Set(rows.map((row) => row[column]))] } }, select: { id: true, businessId: true } });
  const businessOfParent = new Map(parents.map((parent) => [parent.id, parent.businessId as string]));
  return rows.map((row) => businessOfParent.get(row[column]) ?? null);
}

async function record(tx: Client, model: string, spec: AuditedModel, pairs: readonly { before: Row | null; after: Row | null }[]) {
  const rows = pairs.map(({ before, after }) => (after ?? before)!);
  const businesses = await businessesOf(tx, spec, rows);
  const changes: AuditChange[] = [];
  pairs.forEach(({ before, after }, index) => {
    const action: AuditAction = before === null ? 'CREATE' : after === null ? 'DELETE' : 'UPDATE';
    const changed = changesBetween(before, after);
    if (action === 'UPDATE' && Object.keys(changed).length === 0) return;
    changes.push({ action, entityType: model, entityId: entityIdOf(spec, rows[index]!), businessId: businesses[index]!, changes: changed });
  });
  await recordAudit(tx as never, changes);
}

/**
 * The rows a many-row write will change, as they are just before it: on PostgreSQL the rows its
 * filter finds are locked (as the write will lock them) and read again, so a write another
 * transaction commits between the first read and this write is this one's "before", not part of
 * its change. On SQLite the single writer already keeps them as read.
 */
async function heldBefores(tx: Client, model: string, spec: AuditedModel, delegate: Delegate, args: Row | undefined, strength: 'FOR UPDATE' | 'FOR NO KEY UPDATE'): Promise<Row[]> {
  const found: Row[] = await delegate.findMany!({ where: args?.where, ...(args?.limit ? { take: args.limit } : {}) });
  if (databaseProvider() !== 'postgresql' || !found.length) return found;
  // Rows this transaction holds already were read as they are.
  if (strength === 'FOR NO KEY UPDATE' && found.every((row) => isHeld(tx, model, keyValues(spec, row)))) return found;
  await lockRowsByKey(tx as never, model, found.map((row) => keyValues(spec, row)), strength);
  const held = await findByKeys(delegate, spec, found);
  for (const row of held) markHeld(tx, model, keyValues(spec, row));
  return held;
}

/** Runs one write in transaction `tx` with the events it makes. */
async function auditedWrite(tx: Client, model: string, delegateName: string, operation: string, args: Row | undefined): Promise<unknown> {
  const spec = auditedModels[model]!;
  const delegate: Delegate = tx[delegateName];
  const run = () => delegate[operation]!(args);
  // Read before the write forgets it: the row as it is until the write.
  const known = operation === 'update' || operation === 'upsert' || operation === 'delete' ? keyOfWhere(spec, args?.where) : undefined;
  const knownBefore = known && knownRow(tx, model, known);
  if (changesRows(operation, args)) forgetRows(tx);
  if (currentAuditScope()?.rowsMuted || (spec.kinds && !spec.kinds.includes(kindOf(operation) as never))) return run();

  switch (operation) {
    case 'create': {
      const created = await delegate.create!(selectingKey(spec, args));
      await record(tx, model, spec, [{ before: null, after: await delegate.findUnique!({ where: uniqueWhere(spec, created) }) }]);
      return created;
    }
    case 'createMany': {
      // The rows written are needed for their events: created and returned in the same statement.
      const created: Row[] = await delegate.createManyAndReturn!({ data: args!.data, ...(args!.skipDuplicates ? { skipDuplicates: true } : {}) });
      await record(tx, model, spec, created.map((after) => ({ before: null, after })));
      return { count: created.length };
    }
    case 'createManyAndReturn': {
      const created: Row[] = await delegate.createManyAndReturn!(selectingKey(spec, args));
      await record(tx, model, spec, (await findByKeys(delegate, spec, created)).map((after) => ({ before: null, after })));
      return created;
    }
    case 'update':
    case 'upsert':
    case 'delete': {
      const found: Row | null = knownBefore ?? (await delegate.findUnique!({ where: args!.where }));
      if (!found && operation !== 'upsert') return run(); // fails as Prisma fails it: nothing to change
      // Held, then read again: a write another transaction committed in between is this one's "before".
      // A row this transaction held already was read as it is.
      const heldAlready = found !== null && isHeld(tx, model, keyValues(spec, found));
      if (found && !heldAlready) await holdRow(tx as never, model, keyValues(spec, found));
      const before: Row | null = !found ? null : heldAlready ? found : await delegate.findUnique!({ where: uniqueWhere(spec, found) });
      if (found && !before) return run(); // deleted meanwhile
      if (operation === 'delete') {
        const result = await run();
        await record(tx, model, spec, [{ before, after: null }]);
        return result;
      }
      // An update returns the row it wrote, every column the row before has included: its after.
      const asked = selectingKey(spec, args);
      const columns = before && !args!.omit ? Object.keys(before) : [];
      const written: Row = await delegate[operation]!(selectingColumns(asked, columns));
      const returnedWhole = columns.length > 0 && columns.every((column) => column in written);
      const after: Row | null = returnedWhole
        ? Object.fromEntries(columns.map((column) => [column, written[column]]))
        : await delegate.findUnique!({ where: uniqueWhere(spec, before ?? written) });
      const result = asked.select ? withoutUnasked(written, asked.select as Row, columns) : written;
      if (after) rememberRow(tx, model, keyValues(spec, after), after);
      await record(tx, model, spec, [{ before, after }]);
      return result;
    }
    // Only the rows this write changed: on PostgreSQL a row read just before it may be changed out
    // of its filter (a guarded status, `revokedAt: null`) by a concurrent transaction, and that
    // change is the other transaction's event, not this one's.
    case 'updateMany':
    case 'updateManyAndReturn': {
      const befores = await heldBefores(tx, model, spec, delegate, args, 'FOR NO KEY UPDATE');
      const written: Row[] = await delegate.updateManyAndReturn!(selectingKey(spec, args));
      const afters = operation === 'updateMany' ? written : await findByKeys(delegate, spec, written);
      for (const after of afters) rememberRow(tx, model, keyValues(spec, after), after);
      const beforeOf = new Map(befores.map((row) => [keyOf(spec, row), row]));
      // A row that entered the filter after it was read has no known before: all its fields are shown.
      await record(tx, model, spec, afters.map((after) => ({ before: beforeOf.get(keyOf(spec, after)) ?? {}, after })));
      return operation === 'updateMany' ? { count: written.length } : written;
    }
    default: {
      // deleteMany: the rows read before it that it left gone (none if it deleted none).
      const befores = await heldBefores(tx, model, spec, delegate, args, 'FOR UPDATE');
      const result = (await run()) as { count: number };
      if (!result.count) return result;
      const left = new Set((await findByKeys(delegate, spec, befores)).map((row) => keyOf(spec, row)));
      await record(tx, model, spec, befores.filter((before) => !left.has(keyOf(spec, before))).map((before) => ({ before, after: null })));
      return result;
    }
  }
}

const delegateProxy = (delegate: Delegate, write: (operation: string, args: Row | undefined) => unknown) =>
  new Proxy(delegate, {
    get(target, property, receiver) {
      if (typeof property === 'string' && writes.has(property)) return (args?: Row) => write(property, args);
      return Reflect.get(target, property, receiver);
    },
  });

/** A transaction client whose writes to audited models record their events in it. */
export function auditedTransaction<T extends object>(tx: T): T {
  const raw = tx as Client;
  const audited = new Proxy(raw, {
    get(target, property, receiver) {
      const model = typeof property === 'string' ? modelOfDelegate.get(property) : undefined;
      const value = Reflect.get(target, property, receiver);
      if (model) return delegateProxy(value, (operation, args) => auditedWrite(raw, model, property as string, operation, args));
      // Other writes leave Prisma's lazy promise as it is: the rows held are forgotten when one is made.
      if (typeof property === 'string' && rawStatements.has(property)) {
        return (...args: unknown[]) => {
          forgetRows(raw);
          return value.apply(receiver, args);
        };
      }
      if (typeof property === 'string' && !property.startsWith('$') && typeof value?.findMany === 'function') {
        return delegateProxy(value, (operation, args) => {
          if (changesRows(operation, args)) forgetRows(raw);
          return value[operation](args);
        });
      }
      return value;
    },
  });
  trackHeldRows(raw, audited);
  return audited as T;
}

/**
 * A lone write's own transaction: it must not fail where the write alone would have waited (for a
 * pooled connection, for a row lock under a burst of writes), so it may wait longer than Prisma's
 * defaults (2 s to start, 5 s to finish).
 */
const LONE_WRITE = { maxWait: 10_000, timeout: 15_000 };

/**
 * The application's client: interactive transactions hand their callback an audited transaction,
 * and a lone write to an audited model runs in a transaction of its own with its events.
 */
export function auditedClient<T extends object>(client: T): T {
  const raw = client as Client;
  const transaction = (work: unknown, options?: unknown) =>
    typeof work === 'function' ? raw.$transaction((tx: object) => (work as (tx: object) => unknown)(auditedTransaction(tx)), options) : raw.$transaction(work, options);
  return new Proxy(raw, {
    get(target, property, receiver) {
      if (property === '$transaction') return transaction;
      const model = typeof property === 'string' ? modelOfDelegate.get(property) : undefined;
      const value = Reflect.get(target, property, receiver);
      if (!model) return typeof value === 'function' ? value.bind(target) : value;
      return delegateProxy(value, (operation, args) => raw.$transaction((tx: Client) => auditedWrite(tx, model, property as string, operation, args), LONE_WRITE));
    },
  }) as T;
}
