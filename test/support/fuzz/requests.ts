import type { GraphQLPayload } from './document.ts';
import { localIdOf } from '../seed-graph.ts';
import type { Auth, Generator, HttpRequestSpec, WsFrame } from './operation.ts';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Authorization headers that must not let anyone in. */
export function badAuthorization(g: Generator): string {
  const { attacker, victim } = g.world;
  const [header, payload, signature] = attacker.token.split('.');
  const victimUser = localIdOf(victim.ids.User);
  const now = Math.floor(Date.now() / 1000);
  return g.random.pick([
    'Bearer',
    'Bearer ',
    'Bearer not.a.jwt',
    `Bearer ${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    `Bearer ${header}.${base64url({ sub: victimUser, iss: 'herald', iat: now, exp: now + 3600 })}.${signature}`,
    `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: victimUser, iss: 'herald', iat: now, exp: now + 3600 })}.`,
    `Bearer ${'a'.repeat(10_240)}`,
    `Bearer ${attacker.token} ${attacker.token}`,
    `Basic ${Buffer.from(`${attacker.email}:wrong-password`).toString('base64')}`,
    `Token ${attacker.token}`,
    'Bearer null',
    'Bearer undefined',
  ]);
}

export function authHeaders(auth: Auth, g: Generator): Record<string, string> {
  if (auth === 'owner') return { authorization: `Bearer ${g.world.attacker.token}` };
  if (auth === 'bad-token') return { authorization: badAuthorization(g) };
  return {};
}

export function pickAuth(g: Generator): Auth {
  return g.random.weighted({ owner: 60, anonymous: 35, 'bad-token': 5 });
}

const accepts = ['application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json', '*/*'];

export function postJson(payload: unknown, headers: Record<string, string>, g: Generator): HttpRequestSpec {
  return { method: 'POST', headers: { 'content-type': 'application/json', accept: g.random.pick(accepts), ...headers }, body: JSON.stringify(payload) };
}

/** connection_init with the token (or without it, or a broken one) in connectionParams. */
export function connectionInit(auth: Auth, g: Generator): string {
  const authorization = auth === 'owner' ? `Bearer ${g.world.attacker.token}` : auth === 'bad-token' ? badAuthorization(g) : undefined;
  return JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} });
}

export const subscribeFrame = (id: string, payload: GraphQLPayload | unknown): WsFrame => JSON.stringify({ id, type: 'subscribe', payload });
