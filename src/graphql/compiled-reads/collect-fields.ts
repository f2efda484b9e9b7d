import {
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { NotCompilable } from './prisma-sql.ts';

/** What field collection needs of the operation being compiled. */
export interface CollectionScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * GraphQL's CollectFields: the fields the selection sets ask of an object of `type`, by response
 * key in order, through fragments whose condition the type meets and honouring @skip/@include.
 */
export function collectFields(scope: CollectionScope, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], visited = new Set<string>(), into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (!included(scope, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = into.get(key);
        if (list) list.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && !appliesTo(scope, selection.typeCondition.name.value, type)) continue;
        collectFields(scope, type, [selection.selectionSet], visited, into);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = scope.fragments[name];
        if (!fragment || !appliesTo(scope, fragment.typeCondition.name.value, type)) continue;
        collectFields(scope, type, [fragment.selectionSet], visited, into);
      }
    }
  }
  return into;
}

function included(scope: CollectionScope, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (!node.directives?.length) return true;
  for (const directive of node.directives) if (directive.name.value !== 'skip' && directive.name.value !== 'include') throw new NotCompilable(`@${directive.name.value}`);
  if (getDirectiveValues(GraphQLSkipDirective, node, scope.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, scope.variables)?.if !== false;
}

function appliesTo(scope: CollectionScope, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const conditionType = scope.schema.getType(condition);
  return isAbstractType(conditionType) && scope.schema.isSubType(conditionType, type);
}
