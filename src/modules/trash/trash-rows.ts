import { DbNull } from '@prisma/client/runtime/client';
import type { Transaction } from '../../jobs/job-queue.ts';
import { getDatamodel } from '../../generated/pothos-types.ts';

// Rows kept in a TrashItem are plain JSON. The datamodel (generated with the Pothos types) says
// which fields were dates, which were Json (a SQL NULL there must go back as DbNull) and which
// point at rows outside the item, so rows can be written back as they were.

type JsonRow = Record<string, unknown>;
export interface TrashedTable {
  model: string;
  rows: JsonRow[];
  /** Rows that stay where they are (a reference the deletion cleared): only this column is written back. */
  relink?: string;
}

interface FieldInfo {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  relationFromFields?: readonly string[];
}

const models = getDatamodel().datamodel.models as unknown as Record<string, { fields: readonly FieldInfo[] }>;

/** `content` -> `Content`: delegates are named in camelCase, the datamodel in PascalCase. */
const modelName = (delegate: string) => delegate[0].toUpperCase() + delegate.slice(1);
const fieldsOf = (delegate: string) => {
  const model = models[modelName(delegate)];
  if (!model) throw new Error(`Unknown model ${delegate}`);
  return model.fields;
};

/** Dates become ISO strings, everything else is JSON already. */
export const encodeRows = (rows: readonly object[]): JsonRow[] => JSON.parse(JSON.stringify(rows)) as JsonRow[];

/** What `createMany` accepts: dates revived, a missing Json value as SQL NULL. */
function decodeRow(delegate: string, row: JsonRow): JsonRow {
  const decoded: JsonRow = { ...row };
  for (const field of fieldsOf(delegate)) {
    if (field.kind !== 'scalar') continue;
    const value = row[field.name];
    if (field.type === 'DateTime' && typeof value === 'string') decoded[field.name] = new Date(value);
    if (field.type === 'Json' && value === null) decoded[field.name] = DbNull;
  }
  return decoded;
}

interface ForeignKey {
  field: string;
  target: string;
  required: boolean;
}

/**
 * Single-column references to another model's id. The datamodel Pothos keeps has no
 * relationToFields, so which column is referenced is not read from it: every relation of this
 * schema references an id (checked by trash.test against prisma/models.prisma).
 */
function foreignKeysOf(delegate: string): ForeignKey[] {
  return fieldsOf(delegate).flatMap((field) => {
    if (field.kind !== 'object' || field.relationFromFields?.length !== 1) return [];
    const column = field.relationFromFields[0];
    const scalar = fieldsOf(delegate).find((candidate) => candidate.name === column);
    return [{ field: column, target: field.type[0].toLowerCase() + field.type.slice(1), required: Boolean(scalar?.isRequired) }];
  });
}

type Delegate = {
  findMany(args: object): Promise<{ id: string }[]>;
  createMany(args: { data: JsonRow[] }): Promise<{ count: number }>;
  updateMany(args: { where: object; data: JsonRow }): Promise<{ count: number }>;
};
const delegateOf = (tx: Transaction, model: string) => (tx as unknown as Record<string, Delegate>)[model];

/** Sets the column again on the rows that still exist, one statement per value. */
async function relink(tx: Transaction, model: string, column: string, rows: readonly JsonRow[]) {
  const byValue = new Map<unknown, string[]>();
  for (const row of rows) byValue.set(row[column], [...(byValue.get(row[column]) ?? []), row.id as string]);
  for (const [value, ids] of byValue) await delegateOf(tx, model).updateMany({ where: { id: { in: ids } }, data: { [column]: value } });
}

/**
 * Writes the tables back, parents first. A reference to a row outside the item that is gone by
 * now (a user who deleted their account, a tag since deleted) is cleared where it may be null;
 * a row that cannot live without it is left out. Returns the rows written per model.
 */
export async function writeRowsBack(tx: Transaction, tables: readonly TrashedTable[]): Promise<Map<string, JsonRow[]>> {
  const written = new Map<string, JsonRow[]>();
  const writtenIds = (model: string) => new Set((written.get(model) ?? []).map((row) => row.id));
  for (const table of tables) {
    if (table.relink) {
      await relink(tx, table.model, table.relink, table.rows);
      continue;
    }
    let rows = table.rows;
    for (const key of foreignKeysOf(table.model)) {
      const inItem = writtenIds(key.target);
      const outside = [...new Set(rows.map((row) => row[key.field]).filter((value): value is string => typeof value === 'string' && !inItem.has(value)))];
      if (!outside.length) continue;
      const present = new Set((await delegateOf(tx, key.target).findMany({ where: { id: { in: outside } }, select: { id: true } })).map((row) => row.id));
      const gone = (value: unknown) => typeof value === 'string' && !inItem.has(value) && !present.has(value);
      rows = key.required ? rows.filter((row) => !gone(row[key.field])) : rows.map((row) => (gone(row[key.field]) ? { ...row, [key.field]: null } : row));
    }
    if (rows.length) await delegateOf(tx, table.model).createMany({ data: rows.map((row) => decodeRow(table.model, row)) });
    written.set(table.model, rows);
  }
  return written;
}
