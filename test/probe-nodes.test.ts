import { randomUUID } from 'node:crypto';
import { getNamedType, type GraphQLObjectType, isAbstractType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { schema } from '../src/graphql/schema.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { signUpUser, type TestUser } from './support/fixtures.ts';
import { seedEveryNodeType } from './support/node-graph.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { requestWithStatements } from './support/sql-statements.ts';

// nodes(ids:) under attack and at scale: every field a node type has (its nested resolvers too)
// costs the same SQL statements for a few ids of a type as for more, and what a caller whose
// access shrank, a revoked key or a stranger asks for answers null.

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
type Json = any;

/** Every field of a type that needs no argument, objects `levels` deep. */
function everything(type: GraphQLObjectType, levels: number): string {
  const fields = Object.values(type.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined));
  const parts = ['__typename'];
  for (const field of fields) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isAbstractType(named)) parts.push(`${field.name} { __typename }`);
    else if (isObjectType(named) && levels > 0) parts.push(`${field.name} { ${everything(named, levels - 1)} }`);
  }
  return parts.join(' ');
}

async function seedBusiness(server: TestServer, owner: TestUser, name: string) {
  const seeded = await seedEveryNodeType(server, owner, name);
  return { ...seeded, readKey: seeded.keys.read.token };
}

const FIELDS = `__typename id
  ... on Content { campaign { id } }
  ... on Campaign { business { id } }
  ... on Business { campaigns(first: 5) { edges { node { id } } } owner { id email } }
  ... on WebhookDelivery { endpoint { id } }
  ... on Member { user { id email } }
  ... on ApiKey { business { id } createdBy { id email } }
  ... on Invitation { invitedBy { id email } }
  ... on User { email }`;

describe.skipIf(databaseMissing)(`nodes(ids:) probed (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let seeded: Awaited<ReturnType<typeof seedBusiness>>[];

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Prober');
    seeded = [];
    for (let i = 0; i < 4; i++) seeded.push(await seedBusiness(server, owner, `Shop ${i}`));
  });
  afterAll(() => server?.stop());

  it('costs the same SQL statements for 2 ids of a type as for 4, whatever fields it selects', async () => {
    const counts: Record<string, [number, number]> = {};
    for (const typename of Object.keys(seeded[0]!.ids)) {
      const type = schema.getType(typename) as GraphQLObjectType;
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ${typename} { ${everything(type, 2)} } } }`;
      const ids = seeded.map((s) => s.ids[typename]!);
      // The first run fills the caches (a campaign's performance) for every id: both runs then read them alike.
      await requestWithStatements(server.client, query, { ids }, { token: owner.token });
      const two = await requestWithStatements(server.client, query, { ids: ids.slice(0, 2) }, { token: owner.token });
      const four = await requestWithStatements(server.client, query, { ids }, { token: owner.token });
      expect(four.errors, `${typename}: ${JSON.stringify(four.errors)}`).toBeUndefined();
      expect(four.data.nodes.filter(Boolean).length, typename).toBe(4);
      counts[typename] = [two.statements.length, four.statements.length];
    }
    expect(Object.entries(counts).filter(([, [two, four]]) => four !== two)).toEqual([]);
  });

  /** node(id:) for each id, in order, as aliases of requests of at most 16. */
  async function oneByOne(ids: string[], token?: string): Promise<Json[]> {
    if (ids.length > 16) return [...(await oneByOne(ids.slice(0, 16), token)), ...(await oneByOne(ids.slice(16), token))];
    const fields = ids.map((_, i) => `n${i}: node(id: $id${i}) { ${FIELDS} }`).join('\n');
    const query = `query(${ids.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${fields} }`;
    const { data, errors } = await requestWithStatements(server.client, query, Object.fromEntries(ids.map((id, i) => [`id${i}`, id])), { token });
    expect(errors).toBeUndefined();
    return ids.map((_, i) => data[`n${i}`]);
  }
  const nodes = async (ids: string[], token?: string) => {
    const { data, errors } = await requestWithStatements(server.client, `query($ids: [ID!]!) { nodes(ids: $ids) { ${FIELDS} } }`, { ids }, { token });
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    return data.nodes as Json[];
  };
  const allIds = (which: number[]) => which.flatMap((i) => Object.values(seeded[i]!.ids));

  it("keeps an API key to its own business, though its creator is a member of others", async () => {
    const ids = [...allIds([1, 0, 2]), ...allIds([0])];
    const answer = await nodes(ids, seeded[0]!.readKey);
    expect(answer).toEqual(await oneByOne(ids, seeded[0]!.readKey));
    const own = new Set(Object.values(seeded[0]!.ids));
    expect(answer.filter(Boolean).every((node: Json) => own.has(node.id) || node.__typename === 'User')).toBe(true);
    expect(answer.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('follows a downgraded and a removed membership at once', async () => {
    const member = await signUpUser(server.client, 'Member');
    const businessId = localIdOf(seeded[1]!.business.id);
    const membership = await prisma.membership.create({ data: { businessId, userId: localIdOf(member.id), role: 'ADMIN' } });
    const ids = [...allIds([1, 2]), member.id, owner.id];
    const asAdmin = await nodes(ids, member.token);
    expect(asAdmin).toEqual(await oneByOne(ids, member.token));
    await prisma.membership.update({ where: { id: membership.id }, data: { role: 'VIEWER' } });
    const asViewer = await nodes(ids, member.token);
    expect(asViewer).toEqual(await oneByOne(ids, member.token));
    const hidden = ['Invitation', 'ApiKey', 'WebhookEndpoint', 'WebhookDelivery'].map((type) => seeded[1]!.ids[type]);
    expect(asViewer.filter((node: Json) => hidden.includes(node?.id))).toEqual([]);
    expect(asAdmin.filter((node: Json) => hidden.includes(node?.id)).length).toBe(4);
    await prisma.membership.delete({ where: { id: membership.id } });
    // Only the member themselves is left.
    expect((await nodes(ids, member.token)).filter(Boolean).map((node: Json) => node.id)).toEqual([member.id]);
  });

  it('answers nothing of anyone to an anonymous caller, a stranger or a revoked key', async () => {
    const ids = [...allIds([0, 1]), owner.id];
    expect((await nodes(ids)).filter(Boolean)).toEqual([]);
    const stranger = await signUpUser(server.client, 'Stranger');
    expect((await nodes([...ids, stranger.id], stranger.token)).filter(Boolean).map((node: Json) => node.id)).toEqual([stranger.id]);
    const { data } = await server.client.raw<Json>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key apiKey { id } } } }`,
      { input: { businessId: seeded[0]!.business.id, name: 'revoked', scopes: ['READ', 'ADMIN'] } },
      { token: owner.token },
    );
    const revoke = await server.client.raw<Json>(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, { id: data.createApiKey.apiKey.id }, { token: owner.token });
    expect(revoke.data.revokeApiKey.__typename).toBe('ApiKey');
    const refused = await server.client.raw<Json>(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, { token: data.createApiKey.key });
    expect(refused.data?.nodes ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('takes 100 ids and refuses 101', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => Object.values(seeded[i % 4]!.ids)[i % 14]!);
    expect((await nodes(ids.slice(0, 100), owner.token)).filter(Boolean).length).toBe(100);
    const refused = await server.client.raw<Json>(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, { token: owner.token });
    expect(refused.errors?.map((error: Json) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
