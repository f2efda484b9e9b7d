import type { Plugin } from 'graphql-yoga';
import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  isListType,
  isObjectType,
  isInterfaceType,
  isUnionType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { refusal } from './refusal.ts';

// Cost is counted in nodes, like GitHub's API: every connection contributes its page size times
// the nodes of everything it is nested in, using the page size the request actually asks for
// (literal or variable), or the default when it asks for none.

export interface NodeLimits {
  maxNodes: number;
  defaultPageSize: number;
  maxPageSize: number;
  /** Items a plain list of objects is assumed to hold, unless the field says (extensions.maxItems). */
  defaultListSize: number;
  /** `nodes(ids:)` takes at most this many ids. */
  maxNodeIds: number;
}

const isConnection = (field: GraphQLField<unknown, unknown>) => {
  const type = getNamedType(field.type);
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
};

const holdsObjects = (field: GraphQLField<unknown, unknown>) => {
  const named = getNamedType(field.type);
  return isListType(getNullableType(field.type)) && (isObjectType(named) || isInterfaceType(named) || isUnionType(named));
};

function pageSizeOf(args: Record<string, unknown>, limits: NodeLimits): number {
  const asked = [args.first, args.last].find((value): value is number => typeof value === 'number');
  return Math.min(Math.max(asked ?? limits.defaultPageSize, 0), limits.maxPageSize);
}

export function nodeEstimator(limits: NodeLimits): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    // A connection's edges are its page, already counted on the connection field.
    if (type.name.endsWith('Connection') && field.name === 'edges') return childComplexity;
    if (field.name === 'nodes' && Array.isArray(args.ids)) {
      if (args.ids.length > limits.maxNodeIds) {
        throw refusal('BAD_USER_INPUT', `nodes takes at most ${limits.maxNodeIds} ids; this request gives ${args.ids.length}`);
      }
      return args.ids.length * (1 + childComplexity);
    }
    if (isConnection(field)) return pageSizeOf(args, limits) * (1 + childComplexity);
    if (holdsObjects(field)) {
      const declared = (field.extensions as { maxItems?: number } | undefined)?.maxItems;
      return (declared ?? limits.defaultListSize) * (1 + childComplexity);
    }
    return childComplexity;
  };
}

/** The nodes an operation can return at most, or the refusal explaining why it cannot run. */
export function measureNodes(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: NodeLimits,
): number | GraphQLError {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [nodeEstimator(limits)] });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions?.code) return error;
    // Variables that do not fit their types, or a document too large to walk.
    const message = error instanceof Error ? error.message : String(error);
    return refusal('BAD_USER_INPUT', message);
  }
}

// A document's measure depends on its operation name and variables. Yoga's parser cache hands
// every request of the same text the same document, so a few measures per document are kept;
// variables too long to be a cheap key are measured every time.
const MEASURES_PER_DOCUMENT = 32;
const MAX_KEY_LENGTH = 1_000;

/** measureNodes, remembered per document (one yoga, so one schema, per plugin). */
function cachedMeasure(limits: NodeLimits) {
  // Refusals are not kept: an error object is the request's own (it may be tagged on its way out).
  const measures = new WeakMap<DocumentNode, LRUCache<string, number>>();
  return (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined) => {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? null)}`;
    if (key.length > MAX_KEY_LENGTH) return measureNodes(schema, document, variables, operationName, limits);
    let known = measures.get(document);
    if (!known) measures.set(document, (known = new LRUCache({ max: MEASURES_PER_DOCUMENT })));
    const remembered = known.get(key);
    if (remembered !== undefined) return remembered;
    const measured = measureNodes(schema, document, variables, operationName, limits);
    if (typeof measured === 'number') known.set(key, measured);
    return measured;
  };
}

interface ParamsContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
}

/**
 * Refuses operations that could return more than `maxNodes` nodes, during validation, so nothing
 * runs (not even the token lookup). The refusal depends on the variables while yoga caches
 * validation results per document, so it is thrown (yoga answers it like any refusal) rather than
 * added to the result that would be cached.
 */
export function useNodeLimit(limits: NodeLimits): Plugin {
  const measure = cachedMeasure(limits);
  return {
    onValidate({ params: { schema, documentAST }, context }) {
      return ({ result }) => {
        // Only on documents every earlier rule and check accepted.
        if (result.length) return;
        const { params } = context as ParamsContext;
        const measured = measure(schema, documentAST, params?.variables ?? undefined, params?.operationName ?? undefined);
        if (measured instanceof GraphQLError) throw measured;
        if (measured > limits.maxNodes) {
          throw refusal('QUERY_TOO_COMPLEX', `This query could return ${measured} nodes; the limit is ${limits.maxNodes}. Ask for smaller pages (first/last).`, {
            nodes: measured,
            maxNodes: limits.maxNodes,
          });
        }
      };
    },
  };
}
