import { joinSql, raw, type Sql, sql } from '../../db/raw-sql.ts';
import { getDatamodel } from '../../generated/pothos-types.ts';
import type { PrismaOrderBy, PrismaWhere } from './read-descriptors.ts';

/** A where, order or column that compiled reads do not translate: the request runs the usual way. */
export class NotCompilable extends Error {}

interface DmmfField {
  name: string;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  dbName?: string | null;
}

interface DmmfModel {
  fields: DmmfField[];
  dbName?: string | null;
}

const models = (getDatamodel() as unknown as { datamodel: { models: Record<string, DmmfModel> } }).datamodel.models;

/** Column types whose values the JSON of either database carries as they are (no Decimal, BigInt, Bytes, Json, lists). */
const plainTypes = new Set(['String', 'Int', 'Float', 'Boolean', 'DateTime']);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function modelOf(name: string): DmmfModel {
  const model = models[name];
  if (!model) throw new NotCompilable(`no model ${name}`);
  return model;
}

export const tableOf = (model: string) => raw(quote(modelOf(model).dbName ?? model));

function fieldOf(model: string, name: string): DmmfField {
  const field = modelOf(model).fields.find((candidate) => candidate.name === name);
  if (!field) throw new NotCompilable(`no field ${model}.${name}`);
  return field;
}

/** A scalar or enum column read as it is into JSON; its DMMF type says how to read it back. */
export function plainColumn(model: string, name: string, alias: string): { sql: Sql; type: string } {
  const field = fieldOf(model, name);
  if (field.isList || !(field.kind === 'enum' || (field.kind === 'scalar' && plainTypes.has(field.type)))) throw new NotCompilable(`${model}.${name} is not a plain column`);
  return { sql: sql`${raw(`${alias}.${quote(field.dbName ?? name)}`)}`, type: field.kind === 'enum' ? 'String' : field.type };
}

const column = (model: string, name: string, alias: string) => plainColumn(model, name, alias).sql;

/** How rows of a relation of `model` join back to a row of it: the columns on each side. */
export function relationJoin(model: string, relation: string): { target: string; isList: boolean; on: (outer: string, inner: string) => Sql } {
  const field = fieldOf(model, relation);
  if (field.kind !== 'object') throw new NotCompilable(`${model}.${relation} is not a relation`);
  const target = field.type;
  if (field.relationFromFields?.length) {
    // The foreign key is on this model: the target row it points at.
    const to = field.relationToFields?.length ? field.relationToFields : ['id'];
    const from = field.relationFromFields;
    return { target, isList: false, on: (outer, inner) => joinSql(from.map((name, index) => sql`${column(target, to[index], inner)} = ${column(model, name, outer)}`), ' AND ') };
  }
  const back = modelOf(target).fields.find((candidate) => candidate.relationName === field.relationName && candidate.relationFromFields?.length);
  if (!back?.relationFromFields) throw new NotCompilable(`${model}.${relation} has no foreign key`);
  const from = back.relationFromFields;
  const to = back.relationToFields?.length ? back.relationToFields : ['id'];
  return { target, isList: field.isList, on: (outer, inner) => joinSql(from.map((name, index) => sql`${column(target, name, inner)} = ${column(model, to[index], outer)}`), ' AND ') };
}

let aliasCount = 0;
/** A table alias no other part of the statement being compiled uses. */
export const freshAlias = () => `r${++aliasCount}`;
/**
 * Starts a statement's aliases again from r1: compiling is synchronous, and the same operation then
 * gets the same text each time (one plan, one pg_stat_statements entry).
 */
export const restartAliases = () => {
  aliasCount = 0;
};

/**
 * A Prisma `where` as SQL over `alias`, for the shapes the schema's read resolvers use: equality,
 * `in`, `not: null`, `AND`, and relation filters (`some` on a list relation, a nested where or
 * `is` on a to-one). Anything else is NotCompilable.
 */
export function whereSql(model: string, where: PrismaWhere, alias: string): Sql {
  const conditions: Sql[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND') {
      for (const part of Array.isArray(value) ? value : [value]) conditions.push(whereSql(model, part as PrismaWhere, alias));
      continue;
    }
    const field = fieldOf(model, key);
    if (field.kind === 'object') {
      conditions.push(relationCondition(model, key, value, alias));
      continue;
    }
    const target = column(model, key, alias);
    if (value === null) conditions.push(sql`${target} IS NULL`);
    else if (isPlainValue(value)) conditions.push(sql`${target} = ${value}`);
    else if (isObject(value) && Object.keys(value).length === 1 && Array.isArray(value.in) && value.in.every(isPlainValue)) {
      conditions.push(value.in.length ? sql`${target} IN (${joinSql(value.in.map((item) => sql`${item}`), ', ')})` : sql`1 = 0`);
    } else if (isObject(value) && Object.keys(value).length === 1 && value.not === null) conditions.push(sql`${target} IS NOT NULL`);
    else throw new NotCompilable(`where ${model}.${key}`);
  }
  return conditions.length ? joinSql(conditions.map((condition) => sql`(${condition})`), ' AND ') : sql`1 = 1`;
}

function relationCondition(model: string, relation: string, value: unknown, alias: string): Sql {
  const join = relationJoin(model, relation);
  const inner = freshAlias();
  let nested: unknown;
  if (join.isList) {
    if (!isObject(value) || Object.keys(value).length !== 1 || !isObject(value.some)) throw new NotCompilable(`where ${model}.${relation}`);
    nested = value.some;
  } else {
    nested = isObject(value) && Object.keys(value).length === 1 && isObject(value.is) ? value.is : value;
    if (!isObject(nested) || 'isNot' in nested || 'is' in nested) throw new NotCompilable(`where ${model}.${relation}`);
  }
  return sql`EXISTS (SELECT 1 FROM ${tableOf(join.target)} ${raw(inner)} WHERE ${join.on(alias, inner)} AND ${whereSql(join.target, nested as PrismaWhere, inner)})`;
}

/** A Prisma `orderBy` (plain columns only) as SQL over `alias`. */
export function orderSql(model: string, orderBy: PrismaOrderBy, alias: string): Sql {
  const terms = orderBy.map((term) => {
    const entries = Object.entries(term).filter(([, direction]) => direction !== undefined);
    const [name, direction] = entries[0] ?? [];
    if (entries.length !== 1 || (direction !== 'asc' && direction !== 'desc')) throw new NotCompilable('orderBy');
    return sql`${column(model, name, alias)} ${raw(direction === 'asc' ? 'ASC' : 'DESC')}`;
  });
  if (!terms.length) throw new NotCompilable('no orderBy');
  return joinSql(terms, ', ');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const isPlainValue = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
