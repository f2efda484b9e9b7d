import type { GraphQLSchema } from 'graphql';
import { type BuiltPayload, type DocumentAbuse, deepSelectionDocument, fragmentCycle, introspection, manyAliases, manyNodeIds, operationNames } from './document-abuse.ts';
import { type GraphQLPayload, renderDraft } from './document.ts';
import { baseDraft } from './drafts.ts';
import { badTokens, batchedRequests, type HttpAbuse, httpMethods, malformedJson, oversizedBody, wrongContentType } from './http-abuse.ts';
import { IdPool } from './ids.ts';
import type { Auth, FuzzOperation, Generator } from './operation.ts';
import type { Random } from './random.ts';
import { authHeaders, connectionInit, pickAuth, postJson, subscribeFrame } from './requests.ts';
import { nodeTypeNames, positionsOf, recursiveCompositeTypes, type RootField, rootFields } from './schema-model.ts';
import type { FuzzWorld } from './tenants.ts';
import {
  badDates,
  badEnumValue,
  badIds,
  controlCharacters,
  type DraftAbuse,
  deepInput,
  foreignIds,
  hugeListValue,
  longStrings,
  missingRequired,
  nullWhereNonNull,
  unknownField,
  wrongType,
} from './value-abuse.ts';
import { wsProtocolAbuse } from './ws-abuse.ts';
import { GRAPHQL_TRANSPORT_WS } from './ws-transport.ts';

type Category =
  | { kind: 'draft'; abuse: DraftAbuse }
  | { kind: 'document'; abuse: DocumentAbuse }
  | { kind: 'http'; abuse: HttpAbuse }
  | { kind: 'ws-protocol' };

/** Every kind of abuse with its share of the operations. */
export const categories: Record<string, { weight: number } & Category> = {
  'wrong-type': { weight: 7, kind: 'draft', abuse: wrongType },
  'missing-required': { weight: 4, kind: 'draft', abuse: missingRequired },
  'unknown-field': { weight: 5, kind: 'draft', abuse: unknownField },
  'bad-enum': { weight: 4, kind: 'draft', abuse: badEnumValue },
  'null-non-null': { weight: 4, kind: 'draft', abuse: nullWhereNonNull },
  'huge-list': { weight: 2, kind: 'draft', abuse: hugeListValue },
  'deep-input': { weight: 3, kind: 'draft', abuse: deepInput },
  'bad-id': { weight: 7, kind: 'draft', abuse: badIds },
  'foreign-id': { weight: 10, kind: 'draft', abuse: foreignIds },
  'control-chars': { weight: 7, kind: 'draft', abuse: controlCharacters },
  'long-string': { weight: 2, kind: 'draft', abuse: longStrings },
  'bad-date': { weight: 4, kind: 'draft', abuse: badDates },
  'deep-selection': { weight: 4, kind: 'document', abuse: deepSelectionDocument },
  'fragment-cycle': { weight: 4, kind: 'document', abuse: fragmentCycle },
  'many-aliases': { weight: 3, kind: 'document', abuse: manyAliases },
  'operation-name': { weight: 4, kind: 'document', abuse: operationNames },
  introspection: { weight: 2, kind: 'document', abuse: introspection },
  'nodes-ids': { weight: 3, kind: 'document', abuse: manyNodeIds },
  'oversized-body': { weight: 1, kind: 'http', abuse: oversizedBody },
  'malformed-json': { weight: 3, kind: 'http', abuse: malformedJson },
  'content-type': { weight: 3, kind: 'http', abuse: wrongContentType },
  'http-method': { weight: 3, kind: 'http', abuse: httpMethods },
  batched: { weight: 2, kind: 'http', abuse: batchedRequests },
  'bad-token': { weight: 2, kind: 'http', abuse: badTokens },
  'ws-protocol': { weight: 5, kind: 'ws-protocol' },
};

export function createGenerator(schema: GraphQLSchema, world: FuzzWorld, random: Random): Generator {
  const nodeTypes = nodeTypeNames(schema);
  const ids = new IdPool(world, random);
  const positions = new Map<string, ReturnType<typeof positionsOf>>();
  return {
    random,
    schema,
    world,
    ids,
    nodeTypes,
    recursive: recursiveCompositeTypes(schema),
    roots: rootFields(schema),
    positions: (root: RootField) => {
      const key = `${root.kind}.${root.field.name}`;
      if (!positions.has(key)) positions.set(key, positionsOf(root.field.args));
      return positions.get(key)!;
    },
    valueContext: (rootField: string) => ({ random, ids, world, rootField, nodeTypes }),
  };
}

/** The next operation: a category by weight, then a root field it applies to, then a transport. */
export function nextOperation(index: number, g: Generator, only?: readonly string[]): FuzzOperation {
  const weights = Object.fromEntries(Object.entries(categories).filter(([name]) => !only?.length || only.includes(name)).map(([name, { weight }]) => [name, weight]));
  for (;;) {
    const name = g.random.weighted(weights);
    const operation = build(name, categories[name], index, g);
    if (operation) return operation;
  }
}

function build(name: string, category: Category, index: number, g: Generator): FuzzOperation | undefined {
  const common = { index, category: name, usesForeignIds: false };
  switch (category.kind) {
    case 'http': {
      const { http, label, auth } = category.abuse(g);
      return { ...common, label, auth, transport: 'http', http };
    }
    case 'ws-protocol': {
      const { ws, label, auth } = wsProtocolAbuse(g);
      return { ...common, label, auth, transport: 'ws', ws };
    }
    default: {
      // A few tries: not every abuse applies to every field (no ID argument, no list, …).
      for (let attempt = 0; attempt < 20; attempt++) {
        const root = g.random.pick(g.roots);
        const built = category.kind === 'draft' ? applyDraftAbuse(root, category.abuse, g) : category.abuse(root, g);
        if (built) {
          const subscription = root.kind === 'subscription' || built.payload.query.trimStart().startsWith('subscription');
          return { ...common, ...carry(built.payload, subscription, g), label: built.label, usesForeignIds: built.foreign ?? false, rootField: built.rootField === undefined ? `${root.kind}.${root.field.name}` : (built.rootField ?? undefined) };
        }
      }
      return undefined;
    }
  }
}

function applyDraftAbuse(root: RootField, abuse: DraftAbuse, g: Generator): BuiltPayload | undefined {
  // Foreign IDs are worth nothing without fields to leak, so those drafts select deeper.
  const draft = baseDraft(root, g, abuse === foreignIds ? { selectionDepth: g.random.int(2, 3) } : {});
  const applied = abuse(draft, root, g);
  return applied && { payload: renderDraft(draft), ...applied };
}

/** Sends a GraphQL request over HTTP (POST JSON) or graphql-ws; subscriptions always go over WebSocket. */
function carry(payload: GraphQLPayload, subscription: boolean, g: Generator): Pick<FuzzOperation, 'transport' | 'http' | 'ws' | 'auth'> {
  if (subscription || g.random.chance(0.25)) {
    const auth: Auth = g.random.weighted({ owner: 90, anonymous: 5, 'bad-token': 5 });
    return {
      transport: 'ws',
      auth,
      ws: {
        protocol: GRAPHQL_TRANSPORT_WS,
        setup: [connectionInit(auth, g)],
        frames: [subscribeFrame('1', payload)],
        subscribeIds: ['1'],
        provokeVictim: subscription,
      },
    };
  }
  const auth = pickAuth(g);
  return { transport: 'http', auth, http: postJson(payload, authHeaders(auth, g), g) };
}
