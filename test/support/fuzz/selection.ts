import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { Random } from './random.ts';

type AnyField = GraphQLField<unknown, unknown>;

const hasRequiredArgs = (field: AnyField) => field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
const pageArgs = (field: AnyField, random: Random) => (field.args.some((arg) => arg.name === 'first') ? `(first: ${random.int(1, 5)})` : '');
const implementsError = (type: GraphQLNamedType) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Error');

/**
 * A selection set for a type: its scalar fields (the text fields the leak check looks at among
 * them) and a few nested objects, `depth` levels down; unions and interfaces get a fragment per
 * member. Empty for leaf types.
 */
export function selectionFor(type: GraphQLOutputType, depth: number, schema: GraphQLSchema, random: Random): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isAbstractType(named)) {
    const members = schema.getPossibleTypes(named).map((member) => `... on ${member.name} ${selectionFor(member, Math.max(depth - 1, 0), schema, random)}`);
    return `{ __typename ${members.join(' ')} }`;
  }
  if (implementsError(named)) return '{ __typename code message }';
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((field) => !hasRequiredArgs(field));
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
  const chosenLeaves = random.chance(0.7) ? leaves : random.sample(leaves, random.int(1, Math.max(1, leaves.length)));
  const composites = depth > 0 ? random.sample(fields.filter((field) => !isLeafType(getNamedType(field.type))), random.int(1, 2)) : [];
  const parts = [
    ...chosenLeaves.map((field) => field.name),
    ...composites.map((field) => `${field.name}${pageArgs(field, random)} ${selectionFor(field.type, depth - 1, schema, random)}`),
  ];
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
}

/**
 * A selection `depth` fields deep (20–200 in practice), walking only through types that sit on
 * a cycle so the walk never runs out of fields: content { campaign { business { campaigns …
 */
export function deepSelection(type: GraphQLOutputType, depth: number, schema: GraphQLSchema, recursive: Set<string>, random: Random): string | undefined {
  let current = getNamedType(type);
  if (!recursive.has(current.name)) return undefined;
  let open = 0;
  let text = '';
  for (let level = 0; level < depth; level++) {
    if (isAbstractType(current)) {
      const member = random.pick(schema.getPossibleTypes(current).filter((candidate) => recursive.has(candidate.name)));
      text += `{ ... on ${member.name} `;
      open++;
      current = member;
    }
    if (!isObjectType(current)) break;
    const next = Object.values(current.getFields()).filter((field) => !hasRequiredArgs(field) && recursive.has(getNamedType(field.type).name));
    if (!next.length) break;
    const field = random.pick(next);
    text += `{ ${field.name}${pageArgs(field, random)} `;
    open++;
    current = getNamedType(field.type);
  }
  return `${text}{ __typename }${' }'.repeat(open)}`;
}
