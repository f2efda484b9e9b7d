import { renderDraft } from './document.ts';
import { baseDraft } from './drafts.ts';
import type { Auth, Generator, WsSpec } from './operation.ts';
import { connectionInit, subscribeFrame } from './requests.ts';
import { GRAPHQL_TRANSPORT_WS } from './ws-transport.ts';

export interface BuiltWs {
  ws: WsSpec;
  label: string;
  auth: Auth;
}

/** A subscription of the attacker's own that the server accepts and keeps open. */
function ownSubscription(g: Generator) {
  return { query: 'subscription($id: ID!) { campaignUpdated(businessId: $id) { eventId change } }', variables: { id: g.world.attacker.ids.Business } };
}

const spec = (frames: WsSpec['frames'], extra: Partial<WsSpec> = {}): WsSpec => ({ protocol: GRAPHQL_TRANSPORT_WS, setup: [], frames, subscribeIds: [], provokeVictim: false, ...extra });

/** Breaks the graphql-transport-ws protocol itself: order, ids, framing, sizes, message shapes. */
export function wsProtocolAbuse(g: Generator): BuiltWs {
  const auth: Auth = g.random.weighted({ owner: 85, anonymous: 10, 'bad-token': 5 });
  const init = connectionInit(auth, g);
  const valid = ownSubscription(g);
  const roots = g.roots.filter((root) => root.kind !== 'mutation');
  const anyQuery = () => renderDraft(baseDraft(g.random.pick(roots), g));
  const size = g.random.logInt(1_048_576, 16 * 1_048_576);
  const many = g.random.int(20, 200);
  const variants: [string, () => WsSpec][] = [
    ['subscribe before connection_init', () => spec([subscribeFrame('1', valid)])],
    ['duplicate subscribe id', () => spec([subscribeFrame('1', valid)], { setup: [init, subscribeFrame('1', valid)] })],
    ['duplicate id of a finished query', () => spec([subscribeFrame('q', { query: '{ __typename }' })], { setup: [init, subscribeFrame('q', { query: '{ __typename }' })], subscribeIds: ['q'] })],
    ['invalid JSON frame', () => spec(['{"type": "subscribe", "id": '], { setup: [init] })],
    ['JSON that is not a message', () => spec([g.random.pick(['null', '42', '[]', '"subscribe"', '{}'])], { setup: [init] })],
    [`huge frame (${(size / 1_048_576).toFixed(1)} MB)`, () => spec([subscribeFrame('1', { ...anyQuery(), extensions: { padding: 'x'.repeat(size) } })], { setup: [init], subscribeIds: ['1'] })],
    [`huge non-JSON frame (${(size / 1_048_576).toFixed(1)} MB)`, () => spec(['x'.repeat(size)], { setup: [init] })],
    ['binary frame', () => spec([Buffer.from(subscribeFrame('1', anyQuery()) as string)], { setup: [init], subscribeIds: ['1'] })],
    ['unknown message type', () => spec([JSON.stringify({ type: 'fuzz_unknown', id: '1' })], { setup: [init] })],
    ['server-only message type from the client', () => spec([JSON.stringify({ type: g.random.pick(['next', 'error', 'connection_ack', 'complete']), id: '1', payload: { data: null } })], { setup: [init] })],
    ['connection_init twice', () => spec([init], { setup: [init] })],
    ['connection_init with a string payload', () => spec([JSON.stringify({ type: 'connection_init', payload: `Bearer ${g.world.attacker.token}` })])],
    ['connection_init with 10 KB of params', () => spec([JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${g.world.attacker.token}`, padding: 'x'.repeat(10_240) } })])],
    ['subscribe without id', () => spec([JSON.stringify({ type: 'subscribe', payload: valid })], { setup: [init] })],
    ['subscribe with a numeric id', () => spec([JSON.stringify({ type: 'subscribe', id: 1, payload: valid })], { setup: [init] })],
    ['subscribe with a 10 KB id', () => spec([subscribeFrame('i'.repeat(10_240), valid)], { setup: [init], subscribeIds: ['i'.repeat(10_240)] })],
    ['subscribe with control characters in the id', () => spec([subscribeFrame('a\u0000\u202e', valid)], { setup: [init], subscribeIds: ['a\u0000\u202e'] })],
    ['subscribe without payload', () => spec([JSON.stringify({ type: 'subscribe', id: '1' })], { setup: [init] })],
    ['subscribe with a non-string query', () => spec([subscribeFrame('1', { query: g.random.pick([42, null, { kind: 'Document' }, ['subscription']]) })], { setup: [init] })],
    ['subscribe with variables that are not an object', () => spec([subscribeFrame('1', { ...valid, variables: g.random.pick(['x', 42, [1]]) })], { setup: [init], subscribeIds: ['1'] })],
    ['complete for an unknown id', () => spec([JSON.stringify({ type: 'complete', id: 'never-subscribed' })], { setup: [init] })],
    ['ping with a non-object payload', () => spec([JSON.stringify({ type: 'ping', payload: g.random.pick(['x', 42, [1]]) })], { setup: [init] })],
    [`${many} subscriptions on one socket`, () => {
      const ids = Array.from({ length: many }, (_, i) => `s${i}`);
      return spec(ids.map((id) => subscribeFrame(id, valid)), { setup: [init], subscribeIds: ids });
    }],
    ['no subprotocol', () => ({ ...spec([subscribeFrame('1', valid)], { setup: [init] }), protocol: null })],
    ['legacy subscriptions-transport-ws subprotocol', () => ({ ...spec([JSON.stringify({ type: 'start', id: '1', payload: valid })], { setup: [JSON.stringify({ type: 'connection_init', payload: {} })] }), protocol: 'graphql-ws' })],
  ];
  const [label, build] = g.random.pick(variants);
  return { ws: build(), label: `graphql-ws: ${label}`, auth };
}
