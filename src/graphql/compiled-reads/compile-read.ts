import { encodeBase64, encodeCursorChunk } from '@pothos/core';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { DatabaseProvider } from '../../db/prisma-schema.ts';
import { joinSql, raw, type Sql, sql } from '../../db/raw-sql.ts';
import type { Context } from '../context.ts';
import { globalId } from '../ids.ts';
import { defaultQueryLimits } from '../limits.ts';
import { type CollectionScope, collectFields } from './collect-fields.ts';
import { freshAlias, NotCompilable, orderSql, plainColumn, relationJoin, restartAliases, tableOf, whereSql } from './prisma-sql.ts';
import { type PrismaOrderBy, type PrismaWhere, readDescriptorOf } from './read-descriptors.ts';

/** A value the compiled statement cannot stand for (a null in a non-null field): the request runs the usual way. */
export class ShapeMismatch extends Error {}

/** One statement that reads a whole operation's answer as JSON, and how to turn that JSON into the answer. */
export interface CompiledRead {
  statement: Sql;
  shape: (json: unknown) => Record<string, unknown>;
}

type Shape = (value: unknown) => unknown;

interface Scope extends CollectionScope {
  ctx: Context;
  dialect: Dialect;
}

interface Dialect {
  array: (items: readonly Sql[]) => Sql;
  /** The rows' items as one JSON array, in order. */
  aggregate: (item: Sql, order: Sql) => Sql;
  /** A scalar subquery's JSON, usable inside another JSON value. */
  nested: (subquery: Sql) => Sql;
  emptyArray: Sql;
  asText: (json: Sql) => Sql;
  /** A Float column as JSON that reads back to the same double (see columnReaders.Float). */
  float: (column: Sql) => Sql;
}

const dialects: Record<DatabaseProvider, Dialect> = {
  postgresql: {
    array: (items) => sql`json_build_array(${joinSql(items, ', ')})`,
    aggregate: (item, order) => sql`json_agg(${item} ORDER BY ${order})`,
    nested: (subquery) => sql`(${subquery})`,
    emptyArray: sql`'[]'::json`,
    asText: (json) => sql`${json}::text`,
    // float8 prints its shortest exact form.
    float: (column) => column,
  },
  // A subquery's value loses SQLite's JSON subtype: json() gives it back, or it would nest as a string.
  sqlite: {
    array: (items) => sql`json_array(${joinSql(items, ', ')})`,
    aggregate: (item, order) => sql`json_group_array(${item} ORDER BY ${order})`,
    nested: (subquery) => sql`json((${subquery}))`,
    emptyArray: sql`json_array()`,
    asText: (json) => json,
    // JSON of a REAL has 15 digits (0.30000000000000004 would read 0.3): 17 as text are exact, for
    // magnitudes SQLite's printf converts exactly; others are text that reads as no number.
    float: (column) => sql`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} = 0 OR abs(${column}) BETWEEN 1e-75 AND 1e75 THEN printf('%!.17g', ${column}) ELSE 'inexact' END`,
  },
};

/**
 * The query operation as one SQL statement, when every field it selects is a column, a relation or
 * a connection the schema describes (see read-descriptors.ts) with arguments the statement can
 * take; otherwise NotCompilable. Variables must already be coerced.
 */
export function compileRead(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  ctx: Context,
  provider: DatabaseProvider,
): CompiledRead {
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || !queryType) throw new NotCompilable('not a query');
  restartAliases();
  const scope: Scope = { schema, fragments, variables, ctx, dialect: dialects[provider] };
  const { parts, shapes } = objectParts(scope, queryType, [operation.selectionSet], (field, nodes) => rootField(scope, field, nodes));
  if (!parts.length) throw new NotCompilable('nothing to read');
  // As text: the driver would parse JSON into objects, and Prisma then walk them again.
  const statement = sql`SELECT ${scope.dialect.asText(scope.dialect.array(parts))} AS data`;
  return { statement, shape: (json) => objectOf(shapes, json as unknown[]) };
}

type FieldShape = Shape | { constant: unknown };

/** The parts of an object the selection on `type` asks for (each field compiled by `compileField`), and the shapes that name them. */
function objectParts(
  scope: Scope,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  compileField: (field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]) => { sql: Sql; shape: Shape },
) {
  const parts: Sql[] = [];
  const shapes: [string, FieldShape][] = [];
  for (const [key, nodes] of collectFields(scope, type, selectionSets)) {
    const name = nodes[0].name.value;
    if (name === '__typename') {
      shapes.push([key, { constant: type.name }]);
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new NotCompilable(name);
    const compiled = compileField(field, nodes);
    parts.push(compiled.sql);
    shapes.push([key, compiled.shape]);
  }
  return { parts, shapes };
}

/** An answer's field: an alias named `__proto__` is a field like any other, not the object's prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function objectOf(shapes: readonly [string, FieldShape][], values: readonly unknown[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let index = 0;
  for (const [key, shape] of shapes) setKey(result, key, typeof shape === 'function' ? shape(values[index++]) : shape.constant);
  return result;
}

function rootField(scope: Scope, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): { sql: Sql; shape: Shape } {
  const descriptor = readDescriptorOf(field.extensions);
  if (!descriptor || (descriptor.kind !== 'rootRow' && descriptor.kind !== 'rootConnection')) throw new NotCompilable(field.name);
  checkFieldAccess(scope, field);
  const args = argumentsOf(scope, field, nodes[0]);
  const alias = freshAlias();
  if (descriptor.kind === 'rootRow') {
    const where = whereSql(descriptor.model, descriptor.where(args, scope.ctx), alias);
    const row = rowObject(scope, objectTypeOf(field), descriptor.model, alias, nodes);
    const nested = scope.dialect.nested(sql`SELECT ${row.sql} FROM ${tableOf(descriptor.model)} ${raw(alias)} WHERE ${where} LIMIT 1`);
    return { sql: nested, shape: nullable(field, row.shape) };
  }
  return connection(scope, field, nodes, args, descriptor.model, alias, { where: descriptor.where(args, scope.ctx), orderBy: descriptor.orderBy, outer: null });
}

/** A field's own auth scope, if any, is only being signed in: answered here from the viewer. */
function checkFieldAccess(scope: Scope, field: GraphQLField<unknown, unknown>) {
  const options = field.extensions?.pothosOptions as { authScopes?: unknown; grantScopes?: unknown } | undefined;
  if (options?.grantScopes) throw new NotCompilable(`${field.name} grants scopes`);
  if (options?.authScopes === undefined) return;
  const scopes = options.authScopes as Record<string, unknown>;
  const onlySignedIn = typeof scopes === 'object' && scopes !== null && Object.keys(scopes).length === 1 && scopes.authenticated === true;
  if (!onlySignedIn || !scope.ctx.viewer) throw new NotCompilable(`${field.name} has auth scopes`);
}

function argumentsOf(scope: Scope, field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  const mappers = field.extensions?.pothosArgMappers as unknown[] | undefined;
  if (mappers?.length) throw new NotCompilable(`${field.name} maps its arguments`);
  return getArgumentValues(field, node, scope.variables);
}

function objectTypeOf(field: GraphQLField<unknown, unknown>): GraphQLObjectType {
  const type = getNamedType(field.type);
  if (!isObjectType(type) || isListType(getNullableType(field.type))) throw new NotCompilable(`${field.name} is not one object`);
  const typeOptions = type.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
  if (typeOptions?.authScopes !== undefined) throw new NotCompilable(`${type.name} has auth scopes`);
  return type;
}

function nullable(field: GraphQLField<unknown, unknown>, shape: Shape): Shape {
  const nonNull = isNonNullType(field.type);
  return (value) => {
    if (value === null || value === undefined) {
      if (nonNull) throw new ShapeMismatch(field.name);
      return null;
    }
    return shape(value);
  };
}

/**
 * A row of `model` (under `alias`) as the selection on `type` asks: a JSON array of its parts, and
 * the shape that names them.
 */
function rowObject(scope: Scope, type: GraphQLObjectType, model: string, alias: string, nodes: readonly FieldNode[]): { sql: Sql; shape: Shape } {
  if ((type.extensions?.pothosPrismaModel as string | undefined) !== model) throw new NotCompilable(`${type.name} is not ${model}`);
  const { parts, shapes } = objectParts(scope, type, subSelections(nodes), (field, fieldNodes) => objectField(scope, type, model, alias, field, fieldNodes));
  return { sql: scope.dialect.array(parts), shape: (values) => objectOf(shapes, values as unknown[]) };
}

const subSelections = (nodes: readonly FieldNode[]) => nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

function objectField(scope: Scope, type: GraphQLObjectType, model: string, alias: string, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): { sql: Sql; shape: Shape } {
  checkFieldAccess(scope, field);
  const extensions = field.extensions ?? {};
  const descriptor = readDescriptorOf(extensions);
  if (descriptor?.kind === 'relationConnection') {
    const args = argumentsOf(scope, field, nodes[0]);
    const join = relationJoin(model, descriptor.relation);
    if (!join.isList) throw new NotCompilable(field.name);
    const { where, orderBy } = descriptor.query(args);
    return connection(scope, field, nodes, args, join.target, freshAlias(), { where: where ?? {}, orderBy, outer: { alias, on: join.on } });
  }
  if (descriptor?.kind === 'relationFirst') {
    if (field.args.length) throw new NotCompilable(field.name);
    const join = relationJoin(model, descriptor.relation);
    const inner = freshAlias();
    const row = rowObject(scope, objectTypeOf(field), join.target, inner, nodes);
    const page = sql`SELECT * FROM ${tableOf(join.target)} ${raw(inner)} WHERE ${join.on(alias, inner)} ORDER BY ${orderSql(join.target, descriptor.orderBy, inner)} LIMIT 1`;
    return { sql: scope.dialect.nested(sql`SELECT ${row.sql} FROM (${page}) ${raw(inner)}`), shape: nullable(field, row.shape) };
  }
  if (descriptor) throw new NotCompilable(field.name);
  if (field.args.length) throw new NotCompilable(`${field.name} takes arguments`);
  const options = extensions.pothosOptions as { type?: { modelName?: string }; select?: unknown; query?: unknown } | undefined;
  if (field.name === 'id' && !extensions.pothosExposedField && idIsIdColumn(type)) {
    const id = plainColumn(model, 'id', alias);
    return { sql: id.sql, shape: (value) => globalId(type.name, String(value)) };
  }
  const exposed = extensions.pothosExposedField as string | undefined;
  if (exposed) {
    const column = plainColumn(model, exposed, alias);
    return { sql: column.type === 'Float' ? scope.dialect.float(column.sql) : column.sql, shape: leafShape(field, column.type) };
  }
  const relation = extensions.pothosPrismaRelationField as { name?: string } | undefined;
  // A relation with a filter or selection of its own (query, select) is left to its resolver.
  if (relation?.name && options?.select === undefined && options?.query === undefined) {
    const join = relationJoin(model, relation.name);
    if (join.isList) throw new NotCompilable(field.name);
    const inner = freshAlias();
    const row = rowObject(scope, objectTypeOf(field), join.target, inner, nodes);
    return { sql: scope.dialect.nested(sql`SELECT ${row.sql} FROM ${tableOf(join.target)} ${raw(inner)} WHERE ${join.on(alias, inner)} LIMIT 1`), shape: nullable(field, row.shape) };
  }
  // t.variant: the same row as another object type.
  if (options?.type?.modelName === model && !relation && isObjectType(getNamedType(field.type))) {
    const row = rowObject(scope, objectTypeOf(field), model, alias, nodes);
    return { sql: row.sql, shape: nullable(field, row.shape) };
  }
  throw new NotCompilable(`${type.name}.${field.name}`);
}

const idColumnTypes = new WeakMap<GraphQLObjectType, boolean>();

/** Whether the (Prisma) node's global ID wraps its `id` column: its id resolver, asked with a probe row, answers the probe. */
function idIsIdColumn(type: GraphQLObjectType): boolean {
  let answer = idColumnTypes.get(type);
  if (answer === undefined) {
    const resolve = (type.extensions?.pothosOptions as { id?: { resolve?: (parent: object, args: object, ctx: object) => unknown } } | undefined)?.id?.resolve;
    const probe = 'compiled-read-probe';
    try {
      answer = resolve?.({ id: probe }, {}, {}) === probe;
    } catch {
      answer = false;
    }
    idColumnTypes.set(type, answer);
  }
  return answer;
}

/** A column's JSON value as the field's scalar or enum serializes it. */
function leafShape(field: GraphQLField<unknown, unknown>, columnType: string): Shape {
  const type = getNullableType(field.type);
  if (isListType(type) || !(isScalarType(type) || isEnumType(type))) throw new NotCompilable(`${field.name} is not a leaf`);
  const read = columnReaders[columnType];
  if (!read) throw new NotCompilable(`${field.name}: ${columnType}`);
  const nonNull = isNonNullType(field.type);
  return (value) => {
    if (value === null || value === undefined) {
      if (nonNull) throw new ShapeMismatch(field.name);
      return null;
    }
    return type.serialize(read(value));
  };
}

/** JSON values back to what Prisma would hand a resolver. */
const columnReaders: Record<string, (value: unknown) => unknown> = {
  String: (value) => value,
  Int: (value) => value,
  // A number, or text of one (SQLite, see dialects); text of no number is a value the statement cannot stand for.
  Float: (value) => {
    const number = Number(value);
    if (Number.isNaN(number)) throw new ShapeMismatch('Float');
    return number;
  },
  // SQLite has no booleans: 0 or 1.
  Boolean: (value) => value === true || value === 1,
  // PostgreSQL's timestamp(3) holds UTC and comes without a zone; SQLite keeps ISO text (or epoch ms).
  DateTime: (value) => new Date(typeof value === 'string' && !/(Z|[+-]\d\d:?\d\d)$/.test(value) ? `${value}Z` : (value as string | number)),
};

const cursorOf = (id: unknown) => encodeBase64(`GPC:${encodeCursorChunk(String(id))}`);

/**
 * A connection over rows of `model` matching `where` (and, for a relation, joined to the outer row),
 * as Pothos pages one: `first` (the default and maximum page size applied) plus one row to know
 * whether there is a next page; no cursors given.
 */
function connection(
  scope: Scope,
  field: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  args: Record<string, unknown>,
  model: string,
  alias: string,
  query: { where: PrismaWhere; orderBy: PrismaOrderBy; outer: { alias: string; on: (outer: string, inner: string) => Sql } | null },
): { sql: Sql; shape: Shape } {
  const { first, last, after, before } = args as { first?: number | null; last?: unknown; after?: unknown; before?: unknown };
  if (last != null || after != null || before != null || (first != null && first < 0)) throw new NotCompilable(`${field.name}: paging`);
  const size = Math.min(first ?? defaultQueryLimits.defaultPageSize, defaultQueryLimits.maxPageSize);
  const take = size + 1;
  const connectionType = objectTypeOf(field);
  const inScope = (inner: string) => (query.outer ? sql`${query.outer.on(query.outer.alias, inner)} AND ${whereSql(model, query.where, inner)}` : whereSql(model, query.where, inner));

  const parts: Sql[] = [];
  const shapes: [string, (page: Page) => unknown][] = [];
  let rows: ReturnType<typeof pageRows> | undefined;
  for (const [key, fieldNodes] of collectFields(scope, connectionType, subSelections(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') shapes.push([key, () => connectionType.name]);
    else if (name === 'totalCount') {
      const counted = freshAlias();
      parts.push(scope.dialect.nested(sql`SELECT count(*) FROM ${tableOf(model)} ${raw(counted)} WHERE ${inScope(counted)}`));
      const index = parts.length - 1;
      shapes.push([key, (page) => Number(page.values[index])]);
    } else if (name === 'edges' || name === 'pageInfo') {
      rows ??= pageRows(scope, connectionType, model, alias, nodes);
      shapes.push([key, name === 'edges' ? edgesShape(scope, connectionType, fieldNodes, rows.nodeShapes.get(key)!) : pageInfoShape(scope, connectionType, fieldNodes)]);
    } else throw new NotCompilable(`${connectionType.name}.${name}`);
  }
  let rowsIndex = -1;
  if (rows) {
    const page = sql`SELECT * FROM ${tableOf(model)} ${raw(alias)} WHERE ${inScope(alias)} ORDER BY ${orderSql(model, query.orderBy, alias)} LIMIT ${take}`;
    const items = scope.dialect.aggregate(rows.sql, orderSql(model, query.orderBy, alias));
    parts.push(scope.dialect.nested(sql`SELECT COALESCE(${items}, ${scope.dialect.emptyArray}) FROM (${page}) ${raw(alias)}`));
    rowsIndex = parts.length - 1;
  }
  return {
    sql: scope.dialect.array(parts),
    shape: nullable(field, (value) => {
      const values = value as unknown[];
      const all = rowsIndex >= 0 ? (values[rowsIndex] as unknown[][]) : [];
      const full = all.length === take;
      const page: Page = { values, rows: full ? all.slice(0, -1) : all, hasNextPage: full };
      const result: Record<string, unknown> = {};
      for (const [key, shape] of shapes) setKey(result, key, shape(page));
      return result;
    }),
  };
}

interface Page {
  values: unknown[];
  rows: unknown[][];
  hasNextPage: boolean;
}

/**
 * The rows of a page: the node as each response key of edges and of node under it asks (aliases
 * may select differently), then its id (for cursors); and how each of those keys reads its node.
 */
function pageRows(scope: Scope, connectionType: GraphQLObjectType, model: string, alias: string, connectionNodes: readonly FieldNode[]) {
  const edgeType = objectNamed(connectionType, 'edges');
  const nodeType = objectNamed(edgeType, 'node');
  const parts: Sql[] = [];
  const nodeShapes = new Map<string, Map<string, (row: unknown[]) => unknown>>();
  for (const [edgesKey, edges] of collectFields(scope, connectionType, subSelections(connectionNodes))) {
    if (edges[0].name.value !== 'edges') continue;
    const shapes = new Map<string, (row: unknown[]) => unknown>();
    for (const [nodeKey, node] of collectFields(scope, edgeType, subSelections(edges))) {
      if (node[0].name.value !== 'node') continue;
      const object = rowObject(scope, nodeType, model, alias, node);
      const index = parts.push(object.sql) - 1;
      shapes.set(nodeKey, (row) => object.shape(row[index]));
    }
    nodeShapes.set(edgesKey, shapes);
  }
  return { sql: scope.dialect.array([...parts, plainColumn(model, 'id', alias).sql]), nodeShapes };
}

/** The object type of a field of `type` (through lists and non-null). */
function objectNamed(type: GraphQLObjectType, fieldName: string): GraphQLObjectType {
  const field = type.getFields()[fieldName];
  const named = field && getNamedType(field.type);
  if (!isObjectType(named)) throw new NotCompilable(`${type.name}.${fieldName}`);
  return named;
}

function edgesShape(scope: Scope, connectionType: GraphQLObjectType, nodes: readonly FieldNode[], nodeShapes: ReadonlyMap<string, (row: unknown[]) => unknown>): (page: Page) => unknown {
  const edgeType = objectNamed(connectionType, 'edges');
  const shapes: [string, (row: unknown[], page: Page) => unknown][] = [];
  for (const [key, fieldNodes] of collectFields(scope, edgeType, subSelections(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') shapes.push([key, () => edgeType.name]);
    else if (name === 'cursor') shapes.push([key, (row) => cursorOf(row[row.length - 1])]);
    else if (name === 'node') shapes.push([key, nodeShapes.get(key)!]);
    else throw new NotCompilable(`${edgeType.name}.${name}`);
  }
  return (page) =>
    page.rows.map((row) => {
      const edge: Record<string, unknown> = {};
      for (const [key, shape] of shapes) setKey(edge, key, shape(row, page));
      return edge;
    });
}

function pageInfoShape(scope: Scope, connectionType: GraphQLObjectType, nodes: readonly FieldNode[]): (page: Page) => unknown {
  const pageInfoType = objectNamed(connectionType, 'pageInfo');
  const shapes: [string, (page: Page) => unknown][] = [];
  for (const [key, fieldNodes] of collectFields(scope, pageInfoType, subSelections(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') shapes.push([key, () => pageInfoType.name]);
    else if (name === 'hasNextPage') shapes.push([key, (page) => page.hasNextPage]);
    else if (name === 'hasPreviousPage') shapes.push([key, () => false]);
    else if (name === 'startCursor') shapes.push([key, (page) => (page.rows.length ? cursorOf(page.rows[0][page.rows[0].length - 1]) : null)]);
    else if (name === 'endCursor') shapes.push([key, (page) => (page.rows.length ? cursorOf(page.rows.at(-1)![page.rows.at(-1)!.length - 1]) : null)]);
    else throw new NotCompilable(`${pageInfoType.name}.${name}`);
  }
  return (page) => {
    const info: Record<string, unknown> = {};
    for (const [key, shape] of shapes) setKey(info, key, shape(page));
    return info;
  };
}
