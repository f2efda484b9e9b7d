import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { signUpUser, type TestUser } from './support/fixtures.ts';
import { globalIdOf, seedEveryNodeType } from './support/node-graph.ts';
import { campaignRow, contentRow, localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { dataWithStatements } from './support/sql-statements.ts';

// nodes(ids:) reads the ids of one type together (one statement per relation level it selects),
// so it costs as many SQL statements for 40 ids as for 2, and still answers each id exactly as
// node(id:) does: another tenant's object, a missing one and an id that names nothing are null in
// their place, for members of every role and for API keys.

const globalId = globalIdOf;

// Responses are compared with each other and with literal ids, so the documents need no generated types.
type Json = any;

const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on Content { caption campaign { name business { name } } }
  ... on Campaign { name business { name } }
  ... on Business { name }
} }`;

/** What both nodes(ids:) and node(id:) select in the tenancy comparisons. */
const FIELDS = `__typename id
  ... on Content { campaign { id } }
  ... on Campaign { business { id } }
  ... on WebhookDelivery { endpoint { id } }
  ... on ApiKey { business { id } }`;

/** Every node type of one business, the owner's user and both keys: the ids of a tenant. */
async function seedBusiness(server: TestServer, owner: TestUser, name: string) {
  const seeded = await seedEveryNodeType(server, owner, name);
  return { ...seeded, keys: { read: seeded.keys.read.token, admin: seeded.keys.admin.token }, ids: [...Object.values(seeded.ids), owner.id, seeded.keys.admin.id] };
}

describe.skipIf(databaseMissing)(`nodes(ids:) (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let stranger: TestUser;
  let own: Awaited<ReturnType<typeof seedBusiness>>;
  let foreign: Awaited<ReturnType<typeof seedBusiness>>;
  const members: Record<'ADMIN' | 'EDITOR' | 'VIEWER', TestUser> = {} as never;
  let contentIds: string[];
  let campaignIds: string[];

  /** node(id:) for each id, in order, as aliases of requests of at most 16 (a request may have 20). */
  async function oneByOne(ids: string[], token?: string): Promise<Json[]> {
    if (ids.length > 16) return [...(await oneByOne(ids.slice(0, 16), token)), ...(await oneByOne(ids.slice(16), token))];
    const fields = ids.map((_, i) => `n${i}: node(id: $id${i}) { ${FIELDS} }`).join('\n');
    const query = `query(${ids.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${fields} }`;
    const { data } = await dataWithStatements(server.client, query, Object.fromEntries(ids.map((id, i) => [`id${i}`, id])), { token });
    return ids.map((_, i) => data[`n${i}`]);
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Nodes');
    stranger = await signUpUser(server.client, 'Stranger');
    own = await seedBusiness(server, owner, 'Alpha Bakery');
    foreign = await seedBusiness(server, stranger, 'Beta Shop');
    for (const role of ['ADMIN', 'EDITOR', 'VIEWER'] as const) {
      members[role] = await signUpUser(server.client, role);
      await prisma.membership.create({ data: { businessId: localIdOf(own.business.id), userId: localIdOf(members[role].id), role } });
    }
    const businessId = localIdOf(own.business.id);
    const campaigns = Array.from({ length: 40 }, (_, i) => campaignRow(businessId, i));
    await prisma.campaign.createMany({ data: campaigns });
    const contents = campaigns.map((campaign, i) => contentRow({ id: campaign.id, businessId }, i));
    await prisma.content.createMany({ data: contents });
    campaignIds = campaigns.map((campaign) => globalId('Campaign', campaign.id));
    contentIds = contents.map((content) => globalId('Content', content.id));
  });
  afterAll(() => server?.stop());

  it.each([
    ['Content', (count: number) => contentIds.slice(0, count)],
    ['Campaign', (count: number) => campaignIds.slice(0, count)],
    ['Content and Campaign', (count: number) => contentIds.slice(0, count / 2).flatMap((id, i) => [id, campaignIds[i]!])],
  ])('costs the same SQL statements for 2 ids as for 40 (%s)', async (_kind, ids) => {
    // The session is read once, on the first request.
    await dataWithStatements(server.client, NODES, { ids: ids(2) }, { token: owner.token });
    const two = await dataWithStatements(server.client, NODES, { ids: ids(2) }, { token: owner.token });
    const forty = await dataWithStatements(server.client, NODES, { ids: ids(40) }, { token: owner.token });
    expect(forty.data.nodes.map((node: Json) => node.id)).toEqual(ids(40));
    expect(forty.data.nodes.every((node: Json) => node.name === 'Alpha Bakery' || node.business?.name === 'Alpha Bakery' || node.campaign?.business.name === 'Alpha Bakery')).toBe(true);
    expect(forty.statements.length, forty.statements.join('\n')).toBe(two.statements.length);
    // Content, its campaign and their business; campaigns and their business; businesses.
    expect(forty.statements.length).toBeLessThanOrEqual(6);
  });

  it('answers foreign, missing and malformed ids with null in their place, as node(id:) does', async () => {
    const [content, campaign] = [contentIds[0]!, campaignIds[0]!];
    const ids = [
      content,
      foreign.ids[2]!, // another tenant's content
      globalId('Content', randomUUID()), // missing
      campaign,
      globalId('Content', localIdOf(campaign)), // a campaign's id as a content's
      foreign.campaign.id,
      globalId('Content', '\u0000x'), // no row can have it
      globalId('Member', localIdOf(content)),
      content, // again
      contentIds[1]!,
    ];
    const { data } = await dataWithStatements(server.client, `query($ids: [ID!]!) { nodes(ids: $ids) { ${FIELDS} } }`, { ids }, { token: owner.token });
    expect(data.nodes.map((node: Json) => node?.id ?? null)).toEqual([content, null, null, campaign, null, null, null, null, content, contentIds[1]]);
    expect(data.nodes).toEqual(await oneByOne(ids, owner.token));
  });

  it('refuses an id naming a type that is not a node (unknown, or not loadable by id) as BAD_USER_INPUT, like an undecodable one', async () => {
    for (const id of ['garbage', globalId('Nope', '1'), globalId('ContentAsset', '1'), globalId('Query', '1'), globalId('Node', '1')]) {
      for (const query of [`query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { nodes(ids: [$id]) { id } }`]) {
        const answer = await server.client.raw<any>(query, { id }, { token: owner.token });
        expect(answer.errors?.map((error: Json) => error.extensions?.code), `${query} ${id}`).toEqual(['BAD_USER_INPUT']);
        expect(answer.errors?.[0]?.message).toBe('Invalid global ID');
      }
    }
  });

  it('answers every type of both tenants as node(id:) does, for each role and API key', async () => {
    const categories = await prisma.category.findMany({ take: 2, orderBy: { name: 'asc' } });
    const ids = [...own.ids, ...foreign.ids, ...categories.map((category) => globalId('Category', category.id)), globalId('Tag', randomUUID())];
    const viewers: [string, string | undefined][] = [
      ['owner', owner.token],
      ['admin', members.ADMIN.token],
      ['editor', members.EDITOR.token],
      ['viewer', members.VIEWER.token],
      ['stranger', stranger.token],
      ['READ key', own.keys.read],
      ['READ+ADMIN key', own.keys.admin],
      ['anonymous', undefined],
    ];
    const seen: Record<string, number> = {};
    for (const [name, token] of viewers) {
      const { data } = await dataWithStatements(server.client, `query($ids: [ID!]!) { nodes(ids: $ids) { ${FIELDS} } }`, { ids }, { token });
      expect(data.nodes, name).toEqual(await oneByOne(ids, token));
      seen[name] = data.nodes.filter(Boolean).length;
    }
    // Not vacuous: each sees their own objects and the shared categories, nothing of the other's, and less with less.
    expect(seen).toMatchObject({ owner: own.ids.length + 2, stranger: foreign.ids.length + 2, anonymous: 2 });
    expect(seen.viewer).toBeLessThan(seen.admin!);
    expect(seen['READ key']).toBeLessThan(seen['READ+ADMIN key']!);
  });
});
