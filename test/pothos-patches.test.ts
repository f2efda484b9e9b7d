import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery, prisma } from '../src/db/client.ts';
import { campaignTransitions, contentTransitions } from '../src/domain/lifecycles.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, signUpUser, type TestUser } from './support/fixtures.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Guards the patches in patches/ (@graphql-tools/executor: results are plain objects, not
// null-prototype dictionaries, with an alias `__proto__` kept an own property; plugin-prisma: a
// column-only field of a row a plan loaded resolves straight from the row, and the rows its loader
// reads again for a selection the plan could not hold are read in one statement; selection-mapper:
// the relative path of a lookup is built from the links between the scope and the field;
// plugin-relay: a node's id resolves synchronously; both: nodes(ids:) reads the ids of a type in
// one findMany, guarded in test/nodes.test.ts). Each probe compares with seeded values (ids
// included), and counts SQL statements where the count is bounded: a field that wrongly trusted or
// wrongly distrusted its row shows as a wrong value, a leak or an extra statement. A row no plan
// loaded (a payload's, an audit event's actor) must still be read again through its type's
// findUnique, which is where tenancy lives.

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

// Responses are checked against literal values, so the documents need no generated types.
type Json = any;

describe.skipIf(databaseMissing)(`Pothos patches (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let spring: { id: string; local: string };
  let summer: { id: string; local: string };
  /** The spring campaign's content by day. */
  const contents: Record<number, { id: string; local: string }> = {};
  let strangerContentId: string;

  /** A request with the SQL statements it ran; fails on nothing, so errors can be checked. */
  async function run(query: string, variables: Record<string, unknown>, token = owner.token) {
    const statements: string[] = [];
    const stop = onQuery((sql) => statements.push(sql));
    try {
      const response = await server.client.raw<Json>(query, variables, { token });
      return { ...response, statements };
    } finally {
      stop();
    }
  }
  async function data(query: string, variables: Record<string, unknown>, token = owner.token) {
    const response = await run(query, variables, token);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return { data: response.data as Json, statements: response.statements };
  }

  beforeAll(async () => {
    // The resolvers' path: compiled reads would answer these queries with one statement of their own.
    server = await startTestServer({ COMPILED_READS: 'false' });
    owner = await signUpUser(server.client, 'Patches');
    businessId = (await createBusiness(server.client, owner, 'Alpha Bakery')).id;
    const campaign = async (name: string) => {
      const { id } = await createCampaign(server.client, owner, businessId, name);
      return { id, local: localIdOf(id) };
    };
    spring = await campaign('Spring');
    summer = await campaign('Summer');
    await prisma.campaign.update({ where: { id: summer.local }, data: { status: 'ACTIVE', strategySummary: 'Sun and ice cream' } });
    const rows = [
      { day: 1, status: 'DRAFT' as const, caption: 'Draft one', title: null, script: null, media: undefined, hashtags: ['one'] },
      { day: 2, status: 'REVIEW' as const, caption: 'Review two', title: 'Second', script: 'Say two', media: { imageUrl: 'https://cdn.example.com/2.jpg' }, hashtags: ['two', 'second'] },
      { day: 3, status: 'DRAFT' as const, caption: 'Draft three', title: 'Third', script: null, media: { imageUrl: 'https://cdn.example.com/3.jpg' }, hashtags: [] },
      { day: 4, status: 'REVIEW' as const, caption: 'Review four', title: null, script: null, media: undefined, hashtags: ['four'] },
    ];
    for (const row of rows) {
      const created = await prisma.content.create({
        data: { ...row, campaignId: spring.local, businessId: localIdOf(businessId), platform: 'INSTAGRAM', contentType: 'POST', mentions: [] },
      });
      contents[row.day] = { id: globalId('Content', created.id), local: created.id };
    }
    await prisma.content.create({
      data: { day: 1, status: 'DRAFT', caption: 'Summer day', campaignId: summer.local, businessId: localIdOf(businessId), platform: 'FACEBOOK', contentType: 'POST', hashtags: [], mentions: [] },
    });

    const stranger = await signUpUser(server.client, 'Stranger');
    const strangerBusiness = await createBusiness(server.client, stranger, 'Beta Shop');
    const strangerCampaign = await createCampaign(server.client, stranger, strangerBusiness.id, 'Secret plan');
    const strangerContent = await prisma.content.create({
      data: { day: 1, caption: 'Secret caption', campaignId: localIdOf(strangerCampaign.id), businessId: localIdOf(strangerBusiness.id), platform: 'INSTAGRAM', contentType: 'POST', hashtags: [], mentions: [] },
    });
    strangerContentId = globalId('Content', strangerContent.id);
  });
  afterAll(() => server?.stop());

  /** A document with every line naming a scalar or enum of the seeded rows dropped (`# scalar` marks them). */
  const withoutScalars = (query: string) =>
    query
      .split('\n')
      .filter((line) => !line.includes('# scalar'))
      .join('\n');

  it('answers each alias of a connection from its own rows, and the scalars under them cost no statement', async () => {
    const query = `query($id: ID!) { business(id: $id) {
      id
      name # scalar
      drafts: campaigns(first: 5, status: DRAFT) { totalCount edges { node { id
        name status goal strategySummary # scalar
      } } }
      active: campaigns(first: 5, status: ACTIVE) { totalCount edges { node { id
        name status strategySummary allowedTransitions # scalar
      } } }
      all: campaigns(first: 5) { edges { node { id
        name # scalar
        draft: contents(first: 10, status: DRAFT) { totalCount edges { node { id
          day caption title status script media { imageUrl } # scalar
        } } }
        review: contents(first: 10, status: REVIEW) { totalCount edges { node { id
          day caption title status hashtags # scalar
        } } }
        contents(first: 1) { edges { node { id
          day caption # scalar
        } } }
      } } }
    } }`;
    const { data: full, statements } = await data(query, { id: businessId });
    const { data: bare, statements: bareStatements } = await data(withoutScalars(query), { id: businessId });
    expect(statements.length).toBe(bareStatements.length);
    expect(bare.business.all.edges.map((e: Json) => e.node.id)).toEqual([summer.id, spring.id]);

    const business = full.business;
    expect(business).toMatchObject({ id: businessId, name: 'Alpha Bakery' });
    expect(business.drafts).toEqual({
      totalCount: 1,
      edges: [{ node: { id: spring.id, name: 'Spring', status: 'DRAFT', goal: 'Sell the new spring menu', strategySummary: null } }],
    });
    expect(business.active).toEqual({
      totalCount: 1,
      edges: [{ node: { id: summer.id, name: 'Summer', status: 'ACTIVE', strategySummary: 'Sun and ice cream', allowedTransitions: [...campaignTransitions.ACTIVE] } }],
    });
    const [summerNode, springNode] = business.all.edges.map((e: Json) => e.node);
    expect(summerNode.name).toBe('Summer');
    expect(summerNode.draft.edges.map((e: Json) => e.node.caption)).toEqual(['Summer day']);
    expect(summerNode.review).toEqual({ totalCount: 0, edges: [] });
    expect(springNode.name).toBe('Spring');
    expect(springNode.draft).toEqual({
      totalCount: 2,
      edges: [
        { node: { id: contents[1].id, day: 1, caption: 'Draft one', title: null, status: 'DRAFT', script: null, media: null } },
        { node: { id: contents[3].id, day: 3, caption: 'Draft three', title: 'Third', status: 'DRAFT', script: null, media: { imageUrl: 'https://cdn.example.com/3.jpg' } } },
      ],
    });
    expect(springNode.review).toEqual({
      totalCount: 2,
      edges: [
        { node: { id: contents[2].id, day: 2, caption: 'Review two', title: 'Second', status: 'REVIEW', hashtags: ['two', 'second'] } },
        { node: { id: contents[4].id, day: 4, caption: 'Review four', title: null, status: 'REVIEW', hashtags: ['four'] } },
      ],
    });
    expect(springNode.contents.edges).toEqual([{ node: { id: contents[1].id, day: 1, caption: 'Draft one' } }]);
  });

  it('loads the aliases of one relation for all parents at once: the statements do not grow with the parents', async () => {
    const query = (campaigns: number) => `query($id: ID!) { business(id: $id) {
      campaigns(first: ${campaigns}) { edges { node { id
        draft: contents(first: 10, status: DRAFT) { totalCount edges { node { id caption } } }
        review: contents(first: 10, status: REVIEW) { edges { node { id caption } } }
        latest: contents(first: 1) { edges { node { id day } } }
      } } }
    } }`;
    const one = await data(query(1), { id: businessId });
    const both = await data(query(5), { id: businessId });
    expect(both.data.business.campaigns.edges).toHaveLength(2);
    expect(both.statements.length).toBe(one.statements.length);
    const [summerNode, springNode] = both.data.business.campaigns.edges.map((e: Json) => e.node);
    expect(summerNode.draft.edges.map((e: Json) => e.node.caption)).toEqual(['Summer day']);
    expect(summerNode.review.edges).toEqual([]);
    expect(springNode.draft.edges.map((e: Json) => e.node.id)).toEqual([contents[1].id, contents[3].id]);
    expect(springNode.review.edges.map((e: Json) => e.node.id)).toEqual([contents[2].id, contents[4].id]);
    expect(springNode.latest.edges).toEqual([{ node: { id: contents[1].id, day: 1 } }]);
  });

  it('answers aliases named like Object.prototype members as plain fields (the executor patch builds plain objects)', async () => {
    const { data: answer } = await data(
      `query($id: ID!) { __proto__: business(id: $id) { constructor: name toString: id hasOwnProperty: campaigns(first: 1) { __proto__: totalCount } } }`,
      { id: businessId },
    );
    expect(Object.keys(answer)).toEqual(['__proto__']);
    const business = Object.getOwnPropertyDescriptor(answer, '__proto__')!.value;
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
    expect(business).toEqual({ constructor: 'Alpha Bakery', toString: businessId, hasOwnProperty: JSON.parse('{"__proto__": 2}') });
  });

  it('resolves fragments on Node and Content, node and nodes (duplicates, other types, another tenant) with their relations', async () => {
    const query = `query($id: ID!, $ids: [ID!]!) {
      node(id: $id) { __typename id
        ...ContentBits
        ... on Content { campaign { __typename id
          name # scalar
          business { __typename id
            name # scalar
          } } }
      }
      nodes(ids: $ids) { __typename
        ... on Node { id }
        ...ContentBits
        ... on Campaign {
          name strategySummary # scalar
          business { id
            name # scalar
          } }
        ... on Business { __typename
          name # scalar
        }
      }
      again: content(id: $id) { id
        caption # scalar
        campaign { id } }
    }
    fragment ContentBits on Content { id
      day caption title script status hashtags media { imageUrl } # scalar
    }`;
    const ids = [contents[2].id, spring.id, contents[1].id, strangerContentId, contents[2].id, businessId, summer.id];
    const { data: full, statements } = await data(query, { id: contents[4].id, ids });
    const { statements: bareStatements } = await data(withoutScalars(query), { id: contents[4].id, ids });
    expect(statements.length).toBe(bareStatements.length);

    const two = { __typename: 'Content', id: contents[2].id, day: 2, caption: 'Review two', title: 'Second', script: 'Say two', status: 'REVIEW', hashtags: ['two', 'second'], media: { imageUrl: 'https://cdn.example.com/2.jpg' } };
    expect(full.node).toEqual({
      __typename: 'Content', id: contents[4].id, day: 4, caption: 'Review four', title: null, script: null, status: 'REVIEW', hashtags: ['four'], media: null,
      campaign: { __typename: 'Campaign', id: spring.id, name: 'Spring', business: { __typename: 'Business', id: businessId, name: 'Alpha Bakery' } },
    });
    expect(full.nodes).toEqual([
      two,
      { __typename: 'Campaign', id: spring.id, name: 'Spring', strategySummary: null, business: { id: businessId, name: 'Alpha Bakery' } },
      { __typename: 'Content', id: contents[1].id, day: 1, caption: 'Draft one', title: null, script: null, status: 'DRAFT', hashtags: ['one'], media: null },
      null,
      two,
      { __typename: 'Business', id: businessId, name: 'Alpha Bakery' },
      { __typename: 'Campaign', id: summer.id, name: 'Summer', strategySummary: 'Sun and ice cream', business: { id: businessId, name: 'Alpha Bakery' } },
    ]);
    expect(full.again).toEqual({ id: contents[4].id, caption: 'Review four', campaign: { id: spring.id } });
    expect(JSON.stringify(full)).not.toContain('Secret');
  });

  it('resolves null columns as null without reading the row again', async () => {
    const query = `query($id: ID!) { content(id: $id) { id title script media { imageUrl } scheduledAt publishedAt approvedAt
      campaign { id strategySummary startDate endDate } } }`;
    const nulls = await data(query, { id: contents[1].id });
    const values = await data(query, { id: contents[2].id });
    expect(nulls.data.content).toEqual({
      id: contents[1].id, title: null, script: null, media: null, scheduledAt: null, publishedAt: null, approvedAt: null,
      campaign: { id: spring.id, strategySummary: null, startDate: null, endDate: null },
    });
    expect(values.data.content).toMatchObject({ title: 'Second', script: 'Say two', media: { imageUrl: 'https://cdn.example.com/2.jpg' } });
    expect(nulls.statements.length).toBe(values.statements.length);
    expect(nulls.statements.length).toBeLessThanOrEqual(2);
  });

  it('answers two aliases of one relation, each with columns the other did not ask for', async () => {
    const query = `query($id: ID!) { content(id: $id) { id
      caption # scalar
      a: campaign { id
        name # scalar
      }
      b: campaign { id
        goal strategySummary status # scalar
        business { id
          name # scalar
        } }
      approvedBy { id
        email # scalar
      }
    } }`;
    const { data: full, statements } = await data(query, { id: contents[2].id });
    const { statements: bareStatements } = await data(withoutScalars(query), { id: contents[2].id });
    expect(full.content).toEqual({
      id: contents[2].id, caption: 'Review two',
      a: { id: spring.id, name: 'Spring' },
      b: { id: spring.id, goal: 'Sell the new spring menu', strategySummary: null, status: 'DRAFT', business: { id: businessId, name: 'Alpha Bakery' } },
      approvedBy: null,
    });
    expect(statements.length).toBe(bareStatements.length);
  });

  it("answers a mutation's Content from the row it wrote, with its campaign and business", async () => {
    const update = `mutation($input: UpdateContentInput!) { updateContent(input: $input) { __typename ... on Content { id
      caption title script hashtags status allowedTransitions # scalar
      campaign { id
        name status # scalar
        business { id
          name # scalar
        } } } } }`;
    const bare = await data(withoutScalars(update), { input: { id: contents[3].id, caption: 'Draft three, first edit' } });
    expect(bare.data.updateContent).toEqual({ __typename: 'Content', id: contents[3].id, campaign: { id: spring.id, business: { id: businessId } } });
    const edited = await data(update, { input: { id: contents[3].id, caption: 'Draft three, edited', script: 'Now with a script' } });
    expect(edited.data.updateContent).toEqual({
      __typename: 'Content', id: contents[3].id, caption: 'Draft three, edited', title: 'Third', script: 'Now with a script', hashtags: [], status: 'DRAFT',
      allowedTransitions: [...contentTransitions.DRAFT],
      campaign: { id: spring.id, name: 'Spring', status: 'DRAFT', business: { id: businessId, name: 'Alpha Bakery' } },
    });
    expect(edited.statements.length).toBe(bare.statements.length);

    const transition = `mutation($id: ID!) { transitionContent(id: $id, to: REVIEW) { __typename ... on Content { id status caption allowedTransitions
      campaign { name business { name } } } } }`;
    const moved = await data(transition, { id: contents[3].id });
    expect(moved.data.transitionContent).toEqual({
      __typename: 'Content', id: contents[3].id, status: 'REVIEW', caption: 'Draft three, edited', allowedTransitions: [...contentTransitions.REVIEW],
      campaign: { name: 'Spring', business: { name: 'Alpha Bakery' } },
    });
    expect((await prisma.content.findUniqueOrThrow({ where: { id: contents[3].local } })).status).toBe('REVIEW');
  });

  it('answers the objects of payloads (restored versions, trash, API keys, invitations) as the database has them', async () => {
    const versions = await data(`query($id: ID!) { content(id: $id) { versions(first: 5) { edges { node { id changedFields previous } } } } }`, { id: contents[3].id });
    const firstEdit = versions.data.content.versions.edges.at(-1).node;
    expect(firstEdit.previous).toMatchObject({ caption: 'Draft three' });
    const restore = `mutation($id: ID!) { restoreVersion(input: { id: $id }) { __typename ... on RestoredVersion {
      campaign { id }
      content { id
        caption title script status hashtags # scalar
        campaign { id
          name # scalar
          business { id
            name # scalar
          } } } } } }`;
    const restored = await data(restore, { id: firstEdit.id });
    expect(restored.data.restoreVersion).toEqual({
      __typename: 'RestoredVersion', campaign: null,
      content: {
        id: contents[3].id, caption: 'Draft three', title: 'Third', script: null, status: 'REVIEW', hashtags: [],
        campaign: { id: spring.id, name: 'Spring', business: { id: businessId, name: 'Alpha Bakery' } },
      },
    });

    const trashed = await data(`mutation($id: ID!) { deleteContent(input: { id: $id }) { __typename ... on TrashItem { id kind entityId name rowCount deletedBy { id email fullName } } } }`, { id: contents[4].id });
    expect(trashed.data.deleteContent).toMatchObject({ __typename: 'TrashItem', kind: 'CONTENT', entityId: contents[4].id, rowCount: 1, deletedBy: { id: owner.id, email: owner.email, fullName: 'Patches' } });
    const back = await data(`mutation($id: ID!) { restoreFromTrash(input: { id: $id }) { __typename ... on RestoredFromTrash { restored { __typename
      ... on Content { id caption title status hashtags campaign { id name business { name } } } } } } }`, { id: trashed.data.deleteContent.id });
    expect(back.data.restoreFromTrash.restored).toEqual({
      __typename: 'Content', id: contents[4].id, caption: 'Review four', title: null, status: 'REVIEW', hashtags: ['four'],
      campaign: { id: spring.id, name: 'Spring', business: { name: 'Alpha Bakery' } },
    });

    const createKey = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key
      apiKey { id
        name prefix scopes status expiresAt revokedAt lastUsedAt # scalar
        createdBy { id
          email # scalar
        }
        business { id
          name # scalar
        } } } } }`;
    const bareKey = await data(withoutScalars(createKey), { input: { businessId, name: 'Bare key', scopes: ['READ'] } });
    const key = await data(createKey, { input: { businessId, name: 'Probe key', scopes: ['READ', 'WRITE'] } });
    const { key: secret, apiKey } = key.data.createApiKey;
    expect(apiKey).toEqual({
      id: expect.any(String), name: 'Probe key', prefix: secret.slice(0, apiKey.prefix.length), scopes: ['READ', 'WRITE'], status: 'ACTIVE', expiresAt: null, revokedAt: null, lastUsedAt: null,
      createdBy: { id: owner.id, email: owner.email }, business: { id: businessId, name: 'Alpha Bakery' },
    });
    // The key's row came from the mutation, not from a plan: its columns are read again (as the
    // viewer may see it), in the one statement that also reads it for its relations.
    expect(key.statements.length).toBe(bareKey.statements.length);
    const keyMutation = (selection: string) =>
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key apiKey { ${selection} } } } }`;
    const idOnly = await data(keyMutation('id'), { input: { businessId, name: 'Id key', scopes: ['READ'] } });
    const columns = await data(keyMutation('id name prefix scopes status'), { input: { businessId, name: 'Column key', scopes: ['READ'] } });
    expect(columns.data.createApiKey.apiKey).toMatchObject({ name: 'Column key', scopes: ['READ'], status: 'ACTIVE' });
    expect(columns.statements.length).toBe(idOnly.statements.length + 1);

    const invite = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on InviteMemberPayload { token
      invitation { id
        email role status expiresAt # scalar
        invitedBy { id
          email # scalar
        } } } } }`;
    const bareInvitation = await data(withoutScalars(invite), { input: { businessId, email: 'bare.viewer@example.com', role: 'VIEWER' } });
    const invitation = await data(invite, { input: { businessId, email: 'New.Editor@Example.com', role: 'EDITOR' } });
    expect(invitation.data.inviteMember.invitation).toEqual({
      id: expect.any(String), email: 'new.editor@example.com', role: 'EDITOR', status: 'PENDING', expiresAt: expect.any(String), invitedBy: { id: owner.id, email: owner.email },
    });
    expect(invitation.statements.length).toBe(bareInvitation.statements.length);
  });

  it("shows no former member's email or name through the audit log's actor, as node(id) does not", async () => {
    const editor = await signUpUser(server.client, 'Former');
    await prisma.membership.create({ data: { businessId: localIdOf(businessId), userId: localIdOf(editor.id), role: 'EDITOR' } });
    const byEditor = await createCampaign(server.client, editor, businessId, 'By a former editor');
    const renamed = await server.client.raw(
      `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }`,
      { input: { id: byEditor.id, name: 'Renamed by a former editor' } },
      { token: editor.token },
    );
    expect(renamed.data).toEqual({ updateCampaign: { __typename: 'Campaign' } });
    await prisma.membership.deleteMany({ where: { businessId: localIdOf(businessId), userId: localIdOf(editor.id) } });

    const response = await run(
      `query($id: ID!) { auditLog(businessId: $id, first: 100, filter: { entityType: "Campaign", action: CREATE }) { edges { node { entityId actor { id email fullName } } } } }`,
      { id: businessId },
    );
    // The actor is read as the viewer may see them: a user who shares no business with the viewer
    // is not found (actor null, and no error).
    expect(response.errors).toBeUndefined();
    const answer = JSON.stringify({ data: response.data, errors: response.errors });
    expect(answer).not.toContain(editor.email);
    expect(answer).not.toContain('Former');
    const events = response.data.auditLog.edges.map((edge: Json) => edge.node);
    expect(events).toHaveLength(3);
    expect(events[0].actor).toBeNull();
    expect(events.slice(1).map((event: Json) => event.actor)).toEqual([
      { id: owner.id, email: owner.email, fullName: 'Patches' },
      { id: owner.id, email: owner.email, fullName: 'Patches' },
    ]);
    expect((await data(`query($id: ID!) { node(id: $id) { id } }`, { id: editor.id })).data.node).toBeNull();

    // Nor through the version history: the version of the rename names no one.
    const versions = await run(`query($id: ID!) { campaign(id: $id) { versions(first: 5) { edges { node { actor { id email fullName } } } } } }`, { id: byEditor.id });
    expect(versions.errors).toBeUndefined();
    expect(JSON.stringify(versions.data)).not.toContain(editor.email);
    expect(versions.data.campaign.versions.edges.map((edge: Json) => edge.node.actor)).toEqual([null]);
  });
});
