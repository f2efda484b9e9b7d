import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface RootField {
  kind: OperationKind;
  field: GraphQLField<unknown, unknown>;
}

/** Every query, mutation and subscription field of the schema. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots: [OperationKind, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => (type ? Object.values(type.getFields()).map((field) => ({ kind, field })) : []));
}

/** The concrete types that implement Node: what a global ID can name. */
export function nodeTypeNames(schema: GraphQLSchema): string[] {
  const node = schema.getType('Node');
  return node && isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : [];
}

/** One place in a field's arguments where a value goes, with the type expected there. */
export interface Position {
  /** Keys from the argument name down: ["input", "contentCalendar", 0, "theme"]. */
  path: (string | number)[];
  type: GraphQLInputType;
  /** The types expected at each step of the path (the first is the argument's). */
  steps: GraphQLInputType[];
}

/** Every position of a field's arguments, input objects and list items included. */
export function positionsOf(args: readonly GraphQLArgument[]): Position[] {
  const found: Position[] = [];
  const visit = (type: GraphQLInputType, path: (string | number)[], steps: GraphQLInputType[], depth: number) => {
    found.push({ path, type, steps: [...steps, type] });
    if (depth > 5) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) visit(inner.ofType, [...path, 0], [...steps, type], depth + 1);
    else if (isInputObjectType(inner)) {
      for (const field of Object.values(inner.getFields())) visit(field.type, [...path, field.name], [...steps, type], depth + 1);
    }
  };
  for (const arg of args) visit(arg.type, [arg.name], [], 0);
  return found;
}

export const namedTypeOf = (type: GraphQLInputType): GraphQLNamedType => getNamedType(type);

/** Composite types from which a selection can go arbitrarily deep (they sit on a cycle). */
export function recursiveCompositeTypes(schema: GraphQLSchema): Set<string> {
  const composite = Object.values(schema.getTypeMap()).filter((type) => isCompositeType(type) && !type.name.startsWith('__'));
  const alive = new Set(composite.map((type) => type.name));
  let changed = true;
  while (changed) {
    changed = false;
    for (const name of alive) {
      const type = schema.getType(name);
      const next =
        isObjectType(type) || isInterfaceType(type)
          ? Object.values(type.getFields()).some((field) => alive.has(getNamedType(field.type).name))
          : isUnionType(type) && type.getTypes().some((member) => alive.has(member.name));
      if (!next) {
        alive.delete(name);
        changed = true;
      }
    }
  }
  return alive;
}
