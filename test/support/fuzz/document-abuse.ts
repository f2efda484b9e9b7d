import { getIntrospectionQuery, getNamedType, isCompositeType } from 'graphql';
import type { GraphQLPayload } from './document.ts';
import { renderDraft } from './document.ts';
import { baseDraft } from './drafts.ts';
import { hostileString } from './hostile-values.ts';
import type { Generator } from './operation.ts';
import type { RootField } from './schema-model.ts';
import { deepSelection, selectionFor } from './selection.ts';

/** A whole request built around one root field, or undefined when the field does not suit. */
export interface BuiltPayload {
  payload: GraphQLPayload;
  label: string;
  foreign?: boolean;
  /** The root field it exercises, when not the one it was given ("query.nodes"), or null for none. */
  rootField?: string | null;
}

export type DocumentAbuse = (root: RootField, g: Generator) => BuiltPayload | undefined;

export const deepSelectionDocument: DocumentAbuse = (root, g) => {
  const depth = g.random.int(20, 200);
  const selection = deepSelection(root.field.type, depth, g.schema, g.recursive, g.random);
  if (!selection) return undefined;
  const draft = baseDraft(root, g);
  draft.selection = selection;
  return { payload: renderDraft(draft), label: `${root.field.name} selection ${depth} levels deep` };
};

export const fragmentCycle: DocumentAbuse = (root, g) => {
  const type = getNamedType(root.field.type);
  if (!isCompositeType(type)) return undefined;
  const draft = baseDraft(root, g);
  const on = type.name;
  const variant = g.random.pick(['self', 'pair', 'ring', 'undefined', 'wrong-type', 'bomb', 'duplicate'] as const);
  let fragments: string;
  let spread = '...F0';
  let label: string;
  switch (variant) {
    case 'self':
      fragments = `fragment F0 on ${on} { __typename ...F0 }`;
      label = 'fragment spreading itself';
      break;
    case 'pair':
      fragments = `fragment F0 on ${on} { __typename ...F1 } fragment F1 on ${on} { __typename ...F0 }`;
      label = 'two fragments spreading each other';
      break;
    case 'ring': {
      const size = g.random.int(3, 50);
      fragments = Array.from({ length: size }, (_, i) => `fragment F${i} on ${on} { __typename ...F${(i + 1) % size} }`).join(' ');
      label = `ring of ${size} fragments`;
      break;
    }
    case 'undefined':
      fragments = '';
      spread = '...FuzzNoSuchFragment';
      label = 'spread of an undefined fragment';
      break;
    case 'wrong-type':
      fragments = `fragment F0 on ${on === 'AiFeatureUsage' ? 'Business' : 'AiFeatureUsage'} { __typename }`;
      label = 'fragment on an unrelated type';
      break;
    case 'bomb': {
      const size = g.random.int(8, 30);
      fragments = Array.from({ length: size }, (_, i) => (i === size - 1 ? `fragment F${i} on ${on} { __typename }` : `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`)).join(' ');
      label = `fragment chain doubling ${size} times (2^${size} spreads)`;
      break;
    }
    case 'duplicate':
      fragments = `fragment F0 on ${on} { __typename } fragment F0 on ${on} { __typename }`;
      label = 'two fragments with one name';
      break;
  }
  draft.selection = `{ ${spread} }`;
  const payload = renderDraft(draft);
  return { payload: { ...payload, query: `${payload.query} ${fragments}` }, label: `${root.field.name}: ${label}` };
};

export const manyAliases: DocumentAbuse = (root, g) => {
  const count = g.random.logInt(21, 5_000);
  const draft = baseDraft(root, g, { selectionDepth: 0 });
  const selection = draft.selection;
  const bare = renderDraft({ ...draft, selection: '' });
  const header = bare.query.slice(0, bare.query.indexOf('{'));
  const call = bare.query.slice(bare.query.indexOf('{') + 1, bare.query.lastIndexOf('}')).trim();
  const nested = selection !== '' && g.random.chance(0.3);
  const body = nested
    ? `${call} { ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`
    : Array.from({ length: count }, (_, i) => `a${i}: ${call} ${selection}`).join(' ');
  return { payload: { ...bare, query: `${header}{ ${body} }` }, label: `${root.field.name} ${nested ? 'selection' : 'field'} aliased ${count} times` };
};

export const operationNames: DocumentAbuse = (root, g) => {
  const first = renderDraft({ ...baseDraft(root, g), operationName: 'Fuzz' });
  const other = `query Other { __typename }`;
  const variant = g.random.pick(['two-anonymous', 'no-name-given', 'mismatch', 'duplicate', 'not-a-string', 'fragment-name', 'hostile-name', 'anonymous-and-named'] as const);
  const withoutName = first.query.replace(/^(\w+) Fuzz/, '$1');
  switch (variant) {
    case 'two-anonymous':
      return { payload: { ...first, operationName: undefined, query: `${withoutName} { __typename }` }, label: 'two anonymous operations' };
    case 'no-name-given':
      return { payload: { ...first, operationName: undefined, query: `${first.query} ${other}` }, label: 'two named operations, no operationName' };
    case 'mismatch':
      return { payload: { ...first, operationName: 'NoSuchOperation', query: `${first.query} ${other}` }, label: 'operationName names no operation' };
    case 'duplicate':
      return { payload: { ...first, query: `${first.query} ${first.query}` }, label: 'two operations with one name' };
    case 'not-a-string':
      return { payload: { ...first, operationName: g.random.pick([42, true, { name: 'Fuzz' }, ['Fuzz']]) }, label: 'operationName is not a string' };
    case 'fragment-name':
      return { payload: { ...first, operationName: 'Frag', query: `${first.query} fragment Frag on Query { __typename }` }, label: 'operationName names a fragment' };
    case 'hostile-name':
      return { payload: { ...first, operationName: g.random.chance(0.5) ? hostileString(g.random) : 'F'.repeat(10_240) }, label: 'operationName with control characters or 10 KB' };
    case 'anonymous-and-named':
      return { payload: { ...first, query: `${withoutName} ${other}` }, label: 'an anonymous and a named operation' };
  }
};

export const introspection: DocumentAbuse = (_root, g) => {
  const variant = g.random.pick(['full', 'type-name', 'deep-of-type', 'aliased', 'subscription', 'mutation'] as const);
  switch (variant) {
    case 'full':
      return { payload: { query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }) }, rootField: null, label: 'full introspection query' };
    case 'type-name':
      return { payload: { query: 'query($name: String!) { __type(name: $name) { name kind fields { name } } }', variables: { name: g.random.chance(0.5) ? hostileString(g.random) : 'Business' } }, rootField: null, label: '__type with a hostile name' };
    case 'deep-of-type': {
      const depth = g.random.int(20, 200);
      return { payload: { query: `{ __schema { types { ${'ofType { '.repeat(depth)}name${' }'.repeat(depth)} } } }` }, rootField: null, label: `__schema ofType nested ${depth} deep` };
    }
    case 'aliased': {
      const count = g.random.logInt(21, 2_000);
      return { payload: { query: `{ ${Array.from({ length: count }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }` }, rootField: null, label: `__schema aliased ${count} times` };
    }
    case 'subscription':
      return { payload: { query: 'subscription { __typename }' }, rootField: null, label: 'subscription selecting only __typename' };
    case 'mutation':
      return { payload: { query: 'mutation { __schema { types { name } } }' }, rootField: null, label: '__schema inside a mutation' };
  }
};

const nodeSelection = '{ __typename id ... on Business { name description brandVoice } ... on Campaign { name goal } ... on Content { title caption } ... on Message { incomingMessage senderHandle generatedReply } ... on AnalyticsSnapshot { audienceInsights } ... on User { fullName email } ... on AutomationRule { name } }';

export const manyNodeIds: DocumentAbuse = (_root, g) => {
  const count = g.random.logInt(100, 5_000);
  const pools = [() => g.random.pick(g.ids.allOwn()), () => g.random.pick(g.ids.allForeign()), () => g.ids.bad(undefined)];
  let foreign = false;
  const ids = Array.from({ length: count }, () => {
    const which = g.random.int(0, 2);
    foreign ||= which === 1;
    return pools[which]();
  });
  const selection = g.random.chance(0.7) ? nodeSelection : selectionFor(g.schema.getType('Node') as never, 2, g.schema, g.random);
  if (g.random.chance(0.2)) {
    const literal = ids.map((id) => JSON.stringify(id)).join(', ');
    return { payload: { query: `{ nodes(ids: [${literal}]) ${selection} }` }, label: `nodes(ids:) with ${count} literal IDs`, foreign, rootField: 'query.nodes' };
  }
  return { payload: { query: `query($ids: [ID!]!) { nodes(ids: $ids) ${selection} }`, variables: { ids } }, label: `nodes(ids:) with ${count} IDs`, foreign, rootField: 'query.nodes' };
};
