import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import type { TenancyStateQuery } from './generated/graphql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, recordEngagement, seedTenant, type TestUser } from './support/fixtures.ts';
import {
  CreateCampaign,
  CreateContent,
  DeleteBusiness,
  GetContent,
  ListBusinesses,
  Me,
  NodeById,
  ReceiveMessage,
  RecordEngagement,
  TransitionCampaign,
  TransitionContent,
  UpdateBusiness,
  UpdateCampaign,
  UpdateContent,
} from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// One tenant never reads or changes another tenant's data. A and B each own a business with a
// campaign, a content item, an analytics snapshot and a message; A then goes after B's objects.

const TenantState = graphql(`
  query TenancyState($businessId: ID!, $campaignId: ID!, $contentId: ID!) {
    me { id email fullName }
    business(id: $businessId) {
      id name description brandVoice industry updatedAt
      owner { id }
      campaigns(first: 5) { totalCount edges { cursor node { id name goal status durationDays updatedAt } } }
      messages(first: 5) { totalCount edges { node { id status incomingMessage updatedAt } } }
    }
    campaign(id: $campaignId) {
      id
      contents(first: 5) { totalCount edges { node { id caption status day hashtags updatedAt } } }
    }
    content(id: $contentId) {
      id
      analytics(first: 5) { totalCount edges { node { id collectedAt metrics { likes } } } }
    }
  }
`)

const Nodes = graphql(`
  query TenancyNodes($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id }
  }
`);

const Nested = graphql(`
  query TenancyNested($businessId: ID!, $campaignId: ID!, $contentId: ID!, $snapshotId: ID!, $messageId: ID!) {
    business(id: $businessId) {
      id
      owner { id }
      campaigns(first: 5) { totalCount edges { node { id business { id } createdBy { id } } } }
      messages(first: 5) { totalCount edges { node { id business { id } } } }
    }
    campaign(id: $campaignId) {
      id
      business { id }
      contents(first: 5) { totalCount edges { node { id business { id } campaign { id } } } }
    }
    content(id: $contentId) {
      id
      business { id owner { id } }
      campaign { id business { id } }
      latestAnalytics { id content { id } }
      analytics(first: 5) { totalCount edges { node { id content { id } } } }
    }
    snapshot: node(id: $snapshotId) { id ... on AnalyticsSnapshot { content { id business { id } campaign { id } } } }
    message: node(id: $messageId) { id ... on Message { business { id } } }
  }
`);

// Root reads that also select relations, as real clients do.
const ReadBusiness = graphql(`
  query TenancyReadBusiness($id: ID!) {
    business(id: $id) { id name owner { id } campaigns(first: 5) { totalCount edges { node { id } } } }
  }
`);

const ReadCampaign = graphql(`
  query TenancyReadCampaign($id: ID!) {
    campaign(id: $id) { id name business { id } contents(first: 5) { totalCount edges { node { id } } } }
  }
`);

const PagedCampaigns = graphql(`
  query TenancyPagedCampaigns($id: ID!, $after: String) {
    business(id: $id) { campaigns(first: 50, after: $after) { totalCount edges { node { id name } } } }
  }
`);

type Kind = 'business' | 'campaign' | 'content' | 'snapshot' | 'message' | 'user';
type Ids = Record<Kind, string>;
/** The IDs a write operation takes; a write case picks the ones it needs. */
type Targets = Pick<Ids, 'business' | 'campaign' | 'content'>;

const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();
const localIdOf = (globalId: string) => decodeGlobalID(globalId).id;

describe.skipIf(databaseMissing)(`tenancy (${testProvider})`, () => {
  let server: TestServer;
  let a: { user: TestUser; ids: Ids };
  let b: { user: TestUser; ids: Ids };
  let aState: TenancyStateQuery;
  let bState: TenancyStateQuery;

  const mutate = <R, V>(document: TypedDocumentNode<R, V>, variables: V, token?: string) =>
    server.client.data(document, variables, { token });
  const stateOf = async (tenant: { user: TestUser; ids: Ids }) =>
    server.client.data(
      TenantState,
      { businessId: tenant.ids.business, campaignId: tenant.ids.campaign, contentId: tenant.ids.content },
      { token: tenant.user.token },
    );

  async function receiveMessage(user: TestUser, businessId: string, text = 'Do you deliver?') {
    const { receiveMessage } = await mutate(ReceiveMessage, { input: { businessId, platform: 'INSTAGRAM', incomingMessage: text } }, user.token);
    return expectType(receiveMessage, 'Message');
  }

  /** A complete business graph (business, campaign, content, snapshot, message) for the user. */
  async function seedGraph(user: TestUser, name: string): Promise<Ids> {
    const business = await createBusiness(server.client, user, name);
    const campaign = await createCampaign(server.client, user, business.id);
    const content = await createContent(server.client, user, campaign.id);
    const snapshot = await recordEngagement(server.client, user, content.id, new Date(Date.now() - 3_600_000));
    const message = await receiveMessage(user, business.id);
    return { business: business.id, campaign: campaign.id, content: content.id, snapshot: snapshot.id, message: message.id, user: user.id };
  }

  async function seedFullTenant(name: string) {
    const { user, business, campaign, content } = await seedTenant(server.client, name);
    const snapshot = await recordEngagement(server.client, user, content.id, new Date(Date.now() - 3_600_000));
    const message = await receiveMessage(user, business.id, `Hello ${name}`);
    const ids: Ids = { business: business.id, campaign: campaign.id, content: content.id, snapshot: snapshot.id, message: message.id, user: user.id };
    return { user, ids };
  }

  beforeAll(async () => {
    server = await startTestServer();
    [a, b] = await Promise.all([seedFullTenant('Alice'), seedFullTenant('Bob')]);
    [aState, bState] = await Promise.all([stateOf(a), stateOf(b)]);
  });
  afterAll(() => server?.stop());

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** Each root read, normalised to { value, errors } so a null and an error are told apart. */
  const readers = {
    business: (id: string, token?: string) =>
      server.client.request(ReadBusiness, { id }, { token }).then((r) => ({ value: r.data?.business, errors: r.errors })),
    campaign: (id: string, token?: string) =>
      server.client.request(ReadCampaign, { id }, { token }).then((r) => ({ value: r.data?.campaign, errors: r.errors })),
    content: (id: string, token?: string) =>
      server.client.request(GetContent, { id }, { token }).then((r) => ({ value: r.data?.content, errors: r.errors })),
    node: (id: string, token?: string) =>
      server.client.request(NodeById, { id }, { token }).then((r) => ({ value: r.data?.node, errors: r.errors })),
  };

  const reads: [reader: keyof typeof readers, kind: Kind][] = [
    ['business', 'business'],
    ['campaign', 'campaign'],
    ['content', 'content'],
    ['node', 'business'],
    ['node', 'campaign'],
    ['node', 'content'],
    ['node', 'snapshot'],
    ['node', 'message'],
    ['node', 'user'],
  ];

  describe('reads', () => {
    it.each(reads)("%s(id) as A for B's %s is null, without an error", async (reader, kind) => {
      expect(await readers[reader](b.ids[kind], a.user.token)).toEqual({ value: null, errors: undefined });
    });

    it.each(reads)("%s(id) as A for A's own %s returns it (control)", async (reader, kind) => {
      const { value, errors } = await readers[reader](a.ids[kind], a.user.token);
      expect(errors).toBeUndefined();
      expect(value).toMatchObject({ id: a.ids[kind] });
    });

    it.each(reads)("%s(id) without a token is null for A's and B's %s", async (reader, kind) => {
      for (const tenant of [a, b]) {
        expect(await readers[reader](tenant.ids[kind])).toEqual({ value: null, errors: undefined });
      }
    });

    it("nodes(ids:) as A resolves A's objects and nulls B's, position by position", async () => {
      const kinds: Kind[] = ['business', 'campaign', 'content', 'snapshot', 'message', 'user'];
      const ids = kinds.flatMap((kind) => [a.ids[kind], b.ids[kind]]);
      const result = await server.client.request(Nodes, { ids }, { token: a.user.token });
      expect(result.errors).toBeUndefined();
      expect(result.data?.nodes.map((node) => node?.id ?? null)).toEqual(kinds.flatMap((kind) => [a.ids[kind], null]));
    });

    it("businesses lists only the viewer's own, totalCount included", async () => {
      const asA = await server.client.data(ListBusinesses, { first: 50 }, { token: a.user.token });
      expect(asA.businesses.totalCount).toBe(1);
      expect(asA.businesses.edges.map((e) => e.node.id)).toEqual([a.ids.business]);
      const asB = await server.client.data(ListBusinesses, { first: 50 }, { token: b.user.token });
      expect(asB.businesses.totalCount).toBe(1);
      expect(asB.businesses.edges.map((e) => e.node.id)).toEqual([b.ids.business]);
    });

    it('me is the token holder', async () => {
      expect((await server.client.data(Me, {}, { token: a.user.token })).me?.id).toBe(a.ids.user);
      expect((await server.client.data(Me, {}, { token: b.user.token })).me?.id).toBe(b.ids.user);
    });

    it('without a token, me is null and businesses is UNAUTHENTICATED', async () => {
      expect(await server.client.data(Me, {})).toEqual({ me: null });
      const result = await server.client.request(ListBusinesses, { first: 50 });
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it("paging with B's cursors never yields B's rows", async () => {
      const bCampaignCursor = bState.business?.campaigns.edges[0]?.cursor;
      const bBusinesses = await server.client.data(ListBusinesses, { first: 50 }, { token: b.user.token });
      const bBusinessCursor = bBusinesses.businesses.edges[0]?.cursor;
      expect(bCampaignCursor && bBusinessCursor).toBeTruthy();
      const pages = [
        await server.client.request(ListBusinesses, { first: 50, after: bBusinessCursor }, { token: a.user.token }),
        await server.client.request(PagedCampaigns, { id: a.ids.business, after: bCampaignCursor }, { token: a.user.token }),
      ];
      for (const page of pages) {
        const text = JSON.stringify(page.data ?? null);
        for (const id of Object.values(b.ids)) expect(text).not.toContain(id);
      }
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Nested fields

  describe('nested fields', () => {
    it("from A's own objects lead only to A's objects", async () => {
      const { ids } = a;
      const result = await server.client.data(
        Nested,
        { businessId: ids.business, campaignId: ids.campaign, contentId: ids.content, snapshotId: ids.snapshot, messageId: ids.message },
        { token: a.user.token },
      );
      expect(result).toEqual({
        business: {
          id: ids.business,
          owner: { id: ids.user },
          campaigns: { totalCount: 1, edges: [{ node: { id: ids.campaign, business: { id: ids.business }, createdBy: { id: ids.user } } }] },
          messages: { totalCount: 1, edges: [{ node: { id: ids.message, business: { id: ids.business } } }] },
        },
        campaign: {
          id: ids.campaign,
          business: { id: ids.business },
          contents: { totalCount: 1, edges: [{ node: { id: ids.content, business: { id: ids.business }, campaign: { id: ids.campaign } } }] },
        },
        content: {
          id: ids.content,
          business: { id: ids.business, owner: { id: ids.user } },
          campaign: { id: ids.campaign, business: { id: ids.business } },
          latestAnalytics: { id: ids.snapshot, content: { id: ids.content } },
          analytics: { totalCount: 1, edges: [{ node: { id: ids.snapshot, content: { id: ids.content } } }] },
        },
        snapshot: { id: ids.snapshot, content: { id: ids.content, business: { id: ids.business }, campaign: { id: ids.campaign } } },
        message: { id: ids.message, business: { id: ids.business } },
      });
    });

    it("a mixed query (A's IDs and B's) resolves A's and nulls every B branch", async () => {
      const result = await server.client.request(
        Nested,
        { businessId: b.ids.business, campaignId: a.ids.campaign, contentId: b.ids.content, snapshotId: b.ids.snapshot, messageId: a.ids.message },
        { token: a.user.token },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toMatchObject({ business: null, content: null, snapshot: null });
      expect(result.data?.campaign?.id).toBe(a.ids.campaign);
      expect(result.data?.message?.id).toBe(a.ids.message);
      const text = JSON.stringify(result.data);
      for (const id of Object.values(b.ids)) expect(text).not.toContain(id);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Writes. One line per mutation: what it is called, what it returns on success, and how to send
  // it against a set of target IDs (otherwise valid input, so only ownership can make it fail).

  type Result = { __typename: string };
  const writes: { op: string; ok: string; run: (to: Targets, token?: string) => Promise<Result> }[] = [
    { op: 'updateBusiness', ok: 'Business', run: (to, token) => mutate(UpdateBusiness, { input: { id: to.business, name: 'Hijacked', description: 'pwned' } }, token).then((r) => r.updateBusiness) },
    { op: 'deleteBusiness', ok: 'DeletedBusiness', run: (to, token) => mutate(DeleteBusiness, { input: { id: to.business } }, token).then((r) => r.deleteBusiness) },
    { op: 'createCampaign', ok: 'Campaign', run: (to, token) => mutate(CreateCampaign, { input: { businessId: to.business, name: 'Intruder', goal: 'Squat', campaignType: 'OTHER', durationDays: 7 } }, token).then((r) => r.createCampaign) },
    { op: 'updateCampaign', ok: 'Campaign', run: (to, token) => mutate(UpdateCampaign, { input: { id: to.campaign, name: 'Hijacked', durationDays: 30 } }, token).then((r) => r.updateCampaign) },
    { op: 'transitionCampaign', ok: 'Campaign', run: (to, token) => mutate(TransitionCampaign, { id: to.campaign, to: 'ACTIVE' }, token).then((r) => r.transitionCampaign) },
    { op: 'createContent', ok: 'Content', run: (to, token) => mutate(CreateContent, { input: { campaignId: to.campaign, day: 2, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Injected' } }, token).then((r) => r.createContent) },
    { op: 'updateContent', ok: 'Content', run: (to, token) => mutate(UpdateContent, { input: { id: to.content, caption: 'Hijacked' } }, token).then((r) => r.updateContent) },
    { op: 'transitionContent', ok: 'Content', run: (to, token) => mutate(TransitionContent, { id: to.content, to: 'REVIEW' }, token).then((r) => r.transitionContent) },
    { op: 'recordEngagement', ok: 'AnalyticsSnapshot', run: (to, token) => mutate(RecordEngagement, { input: { contentId: to.content, collectedAt: minuteAgo(), metrics: { likes: 999_999 } } }, token).then((r) => r.recordEngagement) },
    { op: 'receiveMessage', ok: 'Message', run: (to, token) => mutate(ReceiveMessage, { input: { businessId: to.business, platform: 'SMS', incomingMessage: 'Injected' } }, token).then((r) => r.receiveMessage) },
  ];

  const notFound = { __typename: 'NotFoundError', code: 'NOT_FOUND' };
  const missing: Targets = {
    business: encodeGlobalID('Business', 'does-not-exist'),
    campaign: encodeGlobalID('Campaign', 'does-not-exist'),
    content: encodeGlobalID('Content', 'does-not-exist'),
  };

  describe('writes', () => {
    it.each(writes)("$op as A on B's object is NOT_FOUND, like a missing one, and changes nothing", async ({ run }) => {
      const result = await run(b.ids, a.user.token);
      expect(result).toMatchObject(notFound);
      // Indistinguishable from an ID that does not exist at all.
      expect(result).toEqual(await run(missing, a.user.token));
      expect(await stateOf(b)).toEqual(bState);
    });

    it.each(writes)('$op without a token is UNAUTHENTICATED and changes nothing', async ({ run }) => {
      expect(await run(b.ids)).toMatchObject({ __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' });
      expect(await stateOf(b)).toEqual(bState);
    });

    it.each(writes)("$op as A on A's own object succeeds (control)", async ({ run, ok }) => {
      const own = await seedGraph(a.user, 'Control Co');
      expect((await run(own, a.user.token)).__typename).toBe(ok);
    });

    it.each(writes)("$op as A given A's own IDs of the wrong type is NOT_FOUND and changes nothing", async ({ run }) => {
      // A Campaign ID where a Business ID belongs, a Content ID for a Campaign, a Business ID for a Content.
      const confused: Targets = { business: a.ids.campaign, campaign: a.ids.content, content: a.ids.business };
      expect(await run(confused, a.user.token)).toMatchObject(notFound);
      // The same row IDs relabelled with the expected type name.
      const relabelled: Targets = {
        business: encodeGlobalID('Business', localIdOf(a.ids.campaign)),
        campaign: encodeGlobalID('Campaign', localIdOf(a.ids.content)),
        content: encodeGlobalID('Content', localIdOf(a.ids.business)),
      };
      expect(await run(relabelled, a.user.token)).toMatchObject(notFound);
      expect(await stateOf(a)).toEqual(aState);
    });
  });

  describe('global ID type confusion on reads', () => {
    // [reader, the type it expects, the kind of A's own object whose ID it gets instead]
    const confusedReads: [reader: keyof typeof readers, expected: string, given: Kind][] = [
      ['business', 'Business', 'campaign'],
      ['business', 'Business', 'user'],
      ['campaign', 'Campaign', 'business'],
      ['campaign', 'Campaign', 'content'],
      ['content', 'Content', 'campaign'],
      ['content', 'Content', 'snapshot'],
      ['node', 'Business', 'campaign'],
      ['node', 'Campaign', 'content'],
      ['node', 'Content', 'business'],
      ['node', 'AnalyticsSnapshot', 'message'],
      ['node', 'Message', 'snapshot'],
      ['node', 'User', 'business'],
    ];

    it.each(confusedReads)("%s(id) wanting a %s, given A's own %s ID, is null", async (reader, expected, given) => {
      // node() resolves any type by design, so only root fields are asked with the ID as issued.
      if (reader !== 'node') expect(await readers[reader](a.ids[given], a.user.token)).toEqual({ value: null, errors: undefined });
      // The same row ID relabelled with the expected type name.
      const relabelled = encodeGlobalID(expected, localIdOf(a.ids[given]));
      expect(await readers[reader](relabelled, a.user.token)).toEqual({ value: null, errors: undefined });
    });
  });

  // ---------------------------------------------------------------------------------------------

  it("A cannot hang content on B's campaign, while A's own content creation works alongside", async () => {
    const own = await seedGraph(a.user, 'Mixed Co');
    const create = (campaignId: string) =>
      mutate(CreateContent, { input: { campaignId, day: 3, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Mixed' } }, a.user.token).then(
        (r) => r.createContent,
      );
    const [mine, theirs, mineAgain] = [await create(own.campaign), await create(b.ids.campaign), await create(own.campaign)];
    expect(theirs).toMatchObject(notFound);
    for (const result of [mine, mineAgain]) {
      const content = expectType(result, 'Content');
      expect(content.campaign.id).toBe(own.campaign);
      expect(content.business.id).toBe(own.business);
    }
    const { campaign } = await server.client.data(Nested, { businessId: own.business, campaignId: own.campaign, contentId: own.content, snapshotId: own.snapshot, messageId: own.message }, { token: a.user.token });
    expect(campaign?.contents.totalCount).toBe(3);
    expect(await stateOf(b)).toEqual(bState);
  });

  it("deleting A's business cascades to its campaigns, contents, analytics and messages and leaves B's intact", async () => {
    const { prisma } = await import('../src/db/client.ts');
    const doomed = await seedGraph(a.user, 'Doomed Co');
    const rowsOf = async (ids: Ids) => {
      const businessId = localIdOf(ids.business);
      return Promise.all([
        prisma.business.count({ where: { id: businessId } }),
        prisma.campaign.count({ where: { OR: [{ businessId }, { id: localIdOf(ids.campaign) }] } }),
        prisma.content.count({ where: { OR: [{ businessId }, { id: localIdOf(ids.content) }] } }),
        prisma.analyticsSnapshot.count({ where: { OR: [{ businessId }, { id: localIdOf(ids.snapshot) }] } }),
        prisma.message.count({ where: { OR: [{ businessId }, { id: localIdOf(ids.message) }] } }),
      ]);
    };
    expect(await rowsOf(doomed)).toEqual([1, 1, 1, 1, 1]);
    const bRowsBefore = await rowsOf(b.ids);

    const { deleteBusiness } = await mutate(DeleteBusiness, { input: { id: doomed.business } }, a.user.token);
    expect(deleteBusiness).toEqual({ __typename: 'DeletedBusiness', deletedId: doomed.business });

    expect(await rowsOf(doomed)).toEqual([0, 0, 0, 0, 0]);
    for (const kind of ['business', 'campaign', 'content'] as const) {
      expect(await readers[kind](doomed[kind], a.user.token)).toEqual({ value: null, errors: undefined });
    }
    expect((await mutate(DeleteBusiness, { input: { id: doomed.business } }, a.user.token)).deleteBusiness).toMatchObject(notFound);

    expect(await rowsOf(b.ids)).toEqual(bRowsBefore);
    expect(await stateOf(b)).toEqual(bState);
    expect(await stateOf(a)).toEqual(aState);
    expect((await server.client.data(Me, {}, { token: a.user.token })).me?.id).toBe(a.ids.user);
  });
});
