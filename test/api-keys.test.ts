import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../src/db/client.ts';
import { webhookEventsOf } from '../src/modules/webhooks/webhook-events.ts';
import type { EventActor } from '../src/realtime/events.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, createContent, signUpUser, type TestUser } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';
import { graphql } from './generated/gql.ts';

// API keys: a program's credential for one business, acting for its creator within its scopes.

const RATE_LIMIT = 40;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload { key apiKey { id name prefix scopes status lastUsedAt createdBy { id } } }
    ... on Error { code message }
  }
}`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename ... on ApiKey { status revokedAt } ... on Error { code message } } }`;
const CREATE_CAMPAIGN = `mutation($businessId: ID!) {
  createCampaign(input: { businessId: $businessId, name: "By key", goal: "Reach", campaignType: BRAND_AWARENESS, durationDays: 7 }) {
    __typename ... on Campaign { id } ... on Error { code message }
  }
}`;
const BUSINESS = `query($id: ID!) { business(id: $id) { id name viewerRole } }`;

const OnStatus = graphql(`
  subscription ApiKeyStatus($businessId: ID!) {
    contentStatusChanged(businessId: $businessId) { status content { id } }
  }
`);

const OnStatusActor = graphql(`
  subscription ApiKeyActor($businessId: ID!) {
    contentStatusChanged(businessId: $businessId) { status actorKind actor { id } actorApiKey { id name } }
  }
`);

describe.skipIf(databaseMissing)(`API keys (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let otherBusinessId: string;

  const raw = (query: string, variables: Record<string, unknown>, token: string) => server.client.raw<Record<string, any>>(query, variables, { token });
  async function createKey(token: string, scopes: string[], extra: Record<string, unknown> = {}, forBusiness = businessId) {
    const { data } = await raw(CREATE_KEY, { input: { businessId: forBusiness, name: 'Agent', scopes, ...extra } }, token);
    return data?.createApiKey;
  }
  async function keyFor(scopes: string[]) {
    const created = await createKey(owner.token, scopes);
    expect(created.__typename).toBe('CreateApiKeyPayload');
    return created.key as string;
  }
  async function invite(user: TestUser, role: string) {
    const { data } = await raw(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on InviteMemberPayload { token } } }`,
      { input: { businessId, email: user.email, role } },
      owner.token,
    );
    const accepted = await raw(`mutation($token: String!) { acceptInvitation(input: { token: $token }) { __typename ... on Member { id } } }`, { token: data?.inviteMember.token }, user.token);
    return accepted.data?.acceptInvitation.id as string;
  }

  beforeAll(async () => {
    server = await startTestServer({ API_KEY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
    owner = await signUpUser(server.client, 'KeyOwner');
    businessId = (await createBusiness(server.client, owner, 'Keyed')).id;
    otherBusinessId = (await createBusiness(server.client, owner, 'Unkeyed')).id;
  });
  afterAll(() => server?.stop());

  it('shows the key once, keeps only its hash, and lists it with its prefix and scopes', async () => {
    const created = await createKey(owner.token, ['READ', 'WRITE']);
    expect(created).toMatchObject({ __typename: 'CreateApiKeyPayload', apiKey: { name: 'Agent', scopes: ['READ', 'WRITE'], status: 'ACTIVE', lastUsedAt: null, createdBy: { id: owner.id } } });
    expect(created.key).toMatch(/^hk_[\w-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const rows = await prisma.apiKey.findMany({ where: { name: 'Agent' } });
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(11));

    const listed = await raw(`query($id: ID!) { apiKeys(businessId: $id) { totalCount edges { node { id prefix scopes } } } }`, { id: businessId }, owner.token);
    expect(listed.data?.apiKeys.edges.map((edge: any) => edge.node.id)).toContain(created.apiKey.id);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('works as a bearer token within its business only, as its creator', async () => {
    const key = await keyFor(['READ']);
    expect((await raw(BUSINESS, { id: businessId }, key)).data?.business).toMatchObject({ id: businessId, viewerRole: 'OWNER' });
    // The creator's other business is out of the key's reach, like any other tenant's.
    expect((await raw(BUSINESS, { id: otherBusinessId }, key)).data?.business).toBeNull();
    expect((await raw(`{ businesses { totalCount edges { node { id } } } }`, {}, key)).data?.businesses).toEqual({ totalCount: 1, edges: [{ node: { id: businessId } }] });
    const row = await prisma.apiKey.findFirstOrThrow({ where: { prefix: key.slice(0, 11) } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('allows only what its scopes allow, and never the owner’s own acts or managing people', async () => {
    const readOnly = await keyFor(['READ']);
    expect((await raw(CREATE_CAMPAIGN, { businessId }, readOnly)).data?.createCampaign).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const writer = await keyFor(['READ', 'WRITE']);
    expect((await raw(CREATE_CAMPAIGN, { businessId }, writer)).data?.createCampaign.__typename).toBe('Campaign');
    expect((await raw(CREATE_CAMPAIGN, { businessId: otherBusinessId }, writer)).data?.createCampaign.code).toBe('NOT_FOUND');

    const campaign = await createCampaign(server.client, owner, businessId);
    const generate = `mutation($id: ID!) { generateContent(input: { campaignId: $id, platform: INSTAGRAM, contentType: POST, day: 1, theme: "Bread" }) { __typename ... on Error { code } } }`;
    expect((await raw(generate, { id: campaign.id }, writer)).data?.generateContent).toMatchObject({ code: 'FORBIDDEN' });
    expect((await raw(generate, { id: campaign.id }, await keyFor(['AI']))).data?.generateContent.__typename).toBe('Content');

    const connect = `mutation($businessId: ID!) { connectSocialAccount(input: { businessId: $businessId, platform: FACEBOOK, provider: OFFLINE, handle: "k" }) { __typename ... on Error { code } } }`;
    expect((await raw(connect, { businessId }, writer)).data?.connectSocialAccount.code).toBe('FORBIDDEN');
    const admin = await keyFor(['READ', 'WRITE', 'AI', 'ADMIN']);
    expect((await raw(connect, { businessId }, admin)).data?.connectSocialAccount.__typename).toBe('SocialAccount');

    // The owner's key still cannot act as the owner, nor as a person.
    const update = `mutation($id: ID!) { updateBusiness(input: { id: $id, name: "Renamed" }) { __typename ... on Error { code } } }`;
    expect((await raw(update, { id: businessId }, admin)).data?.updateBusiness.code).toBe('FORBIDDEN');
    const remove = `mutation($id: ID!) { deleteBusiness(input: { id: $id }) { __typename ... on Error { code } } }`;
    expect((await raw(remove, { id: businessId }, admin)).data?.deleteBusiness.code).toBe('FORBIDDEN');
    const newBusiness = `mutation { createBusiness(input: { name: "By key", industry: FOOD }) { __typename ... on Error { code } } }`;
    expect((await raw(newBusiness, {}, admin)).data?.createBusiness.code).toBe('FORBIDDEN');
    const inviteByKey = await raw(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on Error { code } } }`,
      { input: { businessId, email: 'someone@example.com', role: 'VIEWER' } },
      admin,
    );
    expect(inviteByKey.data?.inviteMember.code).toBe('FORBIDDEN');
    // A key makes keys only within its own scopes.
    expect((await createKey(await keyFor(['READ', 'ADMIN']), ['WRITE'])).code).toBe('BAD_USER_INPUT');
  });

  it('shows as the actor of what it does: in subscriptions (the key itself to those who may see keys) and in webhook payloads', async () => {
    const created = await createKey(owner.token, ['READ', 'WRITE']);
    const viewer = await signUpUser(server.client, 'KeyWatcher');
    await invite(viewer, 'VIEWER');
    const ownerWs = connectWs(server.url, owner.token);
    const viewerWs = connectWs(server.url, viewer.token);
    const ownerEvents = ownerWs.subscribe(OnStatusActor, { businessId });
    const viewerEvents = viewerWs.subscribe(OnStatusActor, { businessId });
    for (let i = 0; i < 100 && server.app.events.activeSubscriptions() < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const campaign = await createCampaign(server.client, owner, businessId);

    await createContent(server.client, { ...owner, token: created.key }, campaign.id);
    const byKey = { status: 'DRAFT', actorKind: 'API_KEY', actor: { id: owner.id } };
    expect((await ownerEvents.next()).contentStatusChanged).toEqual({ ...byKey, actorApiKey: { id: created.apiKey.id, name: 'Agent' } });
    // A VIEWER may not see the business's keys: told a key acted, not which.
    expect((await viewerEvents.next()).contentStatusChanged).toEqual({ ...byKey, actorApiKey: null });

    await createContent(server.client, owner, campaign.id, 2);
    expect((await ownerEvents.next()).contentStatusChanged).toEqual({ status: 'DRAFT', actorKind: 'USER', actor: { id: owner.id }, actorApiKey: null });
    await Promise.all([ownerWs.dispose(), viewerWs.dispose()]);

    const event = { eventId: 'e1', businessId: 'b1', campaignId: 'k1', contentId: 'c1', changedAt: new Date().toISOString(), previousStatus: null, status: 'DRAFT' as const };
    const actorIn = (actor: EventActor) => JSON.parse(webhookEventsOf('contentStatusChanged', { ...event, ...actor })[0].body).data;
    expect(actorIn({ actorId: 'u1', actorApiKeyId: 'key1' })).toMatchObject({ actorId: encodeGlobalID('User', 'u1'), actor: { kind: 'API_KEY', id: encodeGlobalID('ApiKey', 'key1') } });
    expect(actorIn({ actorId: 'u1' })).toMatchObject({ actorId: encodeGlobalID('User', 'u1'), actor: { kind: 'USER', id: encodeGlobalID('User', 'u1') } });
    expect(actorIn({ actorId: null })).toMatchObject({ actorId: null, actor: { kind: 'SYSTEM', id: null } });
  });

  it("is answered as itself in subscriptions, not as its creator: an event is not shared between a person and their key", async () => {
    // Subscribers with the same document and variables share one execution of an event; a key acts
    // for its creator (the same user id) but sees less: a key without ADMIN is not shown keys.
    const readKey = (await createKey(owner.token, ['READ'])).key as string;
    const writer = await createKey(owner.token, ['READ', 'WRITE']);
    const campaign = await createCampaign(server.client, owner, businessId);
    const byWriter = { status: 'DRAFT', actorKind: 'API_KEY', actor: { id: owner.id } };
    for (const [day, keyFirst] of [[5, true], [6, false]] as const) {
      const sockets = keyFirst ? [connectWs(server.url, readKey), connectWs(server.url, owner.token)] : [connectWs(server.url, owner.token), connectWs(server.url, readKey)];
      const before = server.app.events.activeSubscriptions();
      const [first, second] = sockets.map((ws) => ws.subscribe(OnStatusActor, { businessId }));
      for (let i = 0; i < 100 && server.app.events.activeSubscriptions() < before + 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await createContent(server.client, { ...owner, token: writer.key }, campaign.id, day);
      const [keyEvent, ownerEvent] = keyFirst ? [await first.next(), await second.next()] : [await second.next(), await first.next()];
      expect(ownerEvent.contentStatusChanged).toEqual({ ...byWriter, actorApiKey: { id: writer.apiKey.id, name: 'Agent' } });
      expect(keyEvent.contentStatusChanged).toEqual({ ...byWriter, actorApiKey: null });
      await Promise.all(sockets.map((ws) => ws.dispose()));
    }
  });

  it('without the READ scope runs mutations only: queries and subscriptions are FORBIDDEN', async () => {
    const writeOnly = await keyFor(['WRITE']);
    const created = (await raw(`${CREATE_CAMPAIGN.replace('__typename ... on Campaign { id }', '__typename ... on Campaign { id name }')}`, { businessId }, writeOnly)).data?.createCampaign;
    expect(created).toMatchObject({ __typename: 'Campaign', name: 'By key' });
    const read = await raw(BUSINESS, { id: businessId }, writeOnly);
    expect(read.errors?.[0]?.extensions?.code, JSON.stringify(read)).toBe('FORBIDDEN');
    expect(read.data ?? null).toBeNull();
    const ws = connectWs(server.url, writeOnly);
    const events = ws.subscribe(OnStatus, { businessId });
    const errors = await events.errors;
    expect(errors[0]?.extensions?.code, JSON.stringify(errors)).toBe('FORBIDDEN');
    await ws.dispose();
  });

  it('is refused (UNAUTHENTICATED) at once when revoked or expired, its open subscriptions ended', async () => {
    const created = await createKey(owner.token, ['READ']);
    const ws = connectWs(server.url, created.key);
    const events = ws.subscribe(OnStatus, { businessId });
    for (let i = 0; i < 100 && server.app.events.activeSubscriptions() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const campaign = await createCampaign(server.client, owner, businessId);
    await createContent(server.client, owner, campaign.id);
    expect((await events.next()).contentStatusChanged.status).toBe('DRAFT');

    expect((await raw(REVOKE_KEY, { id: created.apiKey.id }, owner.token)).data?.revokeApiKey).toMatchObject({ __typename: 'ApiKey', status: 'REVOKED' });
    expect((await events.errors)[0]?.extensions?.code).toBe('FORBIDDEN');
    const refused = await raw(BUSINESS, { id: businessId }, created.key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await raw(REVOKE_KEY, { id: created.apiKey.id }, owner.token)).data?.revokeApiKey.code).toBe('INVALID_TRANSITION');
    await ws.dispose();

    const expiring = await createKey(owner.token, ['READ'], { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await raw(BUSINESS, { id: businessId }, expiring.key)).data?.business?.id).toBe(businessId);
    await prisma.apiKey.update({ where: { keyHash: (await prisma.apiKey.findFirstOrThrow({ where: { prefix: expiring.apiKey.prefix } })).keyHash }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await raw(BUSINESS, { id: businessId }, expiring.key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await createKey(owner.token, ['READ'], { expiresAt: new Date(Date.now() - 1000).toISOString() })).code).toBe('BAD_USER_INPUT');
    expect((await raw(BUSINESS, { id: businessId }, 'hk_not-a-real-key')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('can do no more than its creator’s role allows, now', async () => {
    const editor = await signUpUser(server.client, 'KeyEditor');
    const memberId = await invite(editor, 'ADMIN');
    const created = await createKey(editor.token, ['READ', 'WRITE', 'ADMIN']);
    expect(created.__typename).toBe('CreateApiKeyPayload');
    expect((await raw(CREATE_CAMPAIGN, { businessId }, created.key)).data?.createCampaign.__typename).toBe('Campaign');

    const demote = `mutation($id: ID!, $role: MemberRole!) { updateMemberRole(input: { id: $id, role: $role }) { __typename ... on Error { code } } }`;
    expect((await raw(demote, { id: memberId, role: 'VIEWER' }, owner.token)).data?.updateMemberRole.__typename).toBe('Member');
    expect((await raw(CREATE_CAMPAIGN, { businessId }, created.key)).data?.createCampaign.code).toBe('FORBIDDEN');
    // Members below ADMIN do not manage keys.
    expect((await createKey(editor.token, ['READ'])).code).toBe('FORBIDDEN');
    expect((await raw(REVOKE_KEY, { id: created.apiKey.id }, editor.token)).data?.revokeApiKey.code).toBe('FORBIDDEN');

    await raw(`mutation($id: ID!) { removeMember(input: { id: $id }) { __typename } }`, { id: memberId }, owner.token);
    expect((await raw(BUSINESS, { id: businessId }, created.key)).data?.business).toBeNull();
    expect((await raw(CREATE_CAMPAIGN, { businessId }, created.key)).data?.createCampaign.code).toBe('NOT_FOUND');
  });

  it("names no removed member as a key's creator: createdBy is null, as node(id) is, for the keys they left behind", async () => {
    const admin = await signUpUser(server.client, 'KeyLeaver');
    const memberId = await invite(admin, 'ADMIN');
    const created = await createKey(admin.token, ['READ']);
    expect(created).toMatchObject({ __typename: 'CreateApiKeyPayload', apiKey: { createdBy: { id: admin.id } } });
    const listing = `query($businessId: ID!) { apiKeys(businessId: $businessId, first: 100) { edges { node { id createdBy { id email fullName } } } } }`;
    const creatorOf = async () => {
      const { data, errors } = await raw(listing, { businessId }, owner.token);
      expect(errors).toBeUndefined();
      return { answer: JSON.stringify(data), createdBy: data?.apiKeys.edges.find((edge: any) => edge.node.id === created.apiKey.id).node.createdBy };
    };
    expect((await creatorOf()).createdBy).toEqual({ id: admin.id, email: admin.email, fullName: 'KeyLeaver' });

    await raw(`mutation($id: ID!) { removeMember(input: { id: $id }) { __typename } }`, { id: memberId }, owner.token);
    const after = await creatorOf();
    expect(after.createdBy).toBeNull();
    expect(after.answer).not.toContain(admin.email);
    expect((await raw(`query($id: ID!) { node(id: $id) { id } }`, { id: admin.id }, owner.token)).data?.node).toBeNull();
    // The owner's own keys still name the owner.
    expect(after.answer).toContain(owner.email);
  });

  it('has its own rate limit, apart from its creator’s', async () => {
    const key = await keyFor(['READ']);
    const answers = await Promise.all(Array.from({ length: RATE_LIMIT + 5 }, () => raw(BUSINESS, { id: businessId }, key)));
    const limited = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect((await raw(BUSINESS, { id: businessId }, owner.token)).data?.business?.id).toBe(businessId);
  });

  it('is NOT_FOUND to other tenants and keeps the schedule rules: an ADMIN key schedules approved content', async () => {
    const stranger = await signUpUser(server.client, 'KeyStranger');
    const created = await createKey(owner.token, ['READ']);
    expect((await raw(REVOKE_KEY, { id: created.apiKey.id }, stranger.token)).data?.revokeApiKey.code).toBe('NOT_FOUND');
    expect((await raw(`query($id: ID!) { node(id: $id) { id } }`, { id: created.apiKey.id }, stranger.token)).data?.node).toBeNull();
    const strangerList = await raw(`query($id: ID!) { apiKeys(businessId: $id) { totalCount } }`, { id: businessId }, stranger.token);
    expect(strangerList.errors?.[0]?.extensions?.code, JSON.stringify(strangerList)).toBe('NOT_FOUND');

    await connectOfflineAccount(server.client, owner, businessId);
    const campaign = await createCampaign(server.client, owner, businessId);
    const content = await createContent(server.client, owner, campaign.id);
    const admin = await keyFor(['READ', 'WRITE', 'ADMIN']);
    const move = `mutation($id: ID!, $to: ContentStatus!, $at: DateTime) { transitionContent(id: $id, to: $to, scheduledAt: $at) { __typename ... on Content { status } ... on Error { code } } }`;
    for (const to of ['REVIEW', 'APPROVED']) expect((await raw(move, { id: content.id, to }, admin)).data?.transitionContent.status).toBe(to);
    const at = new Date(Date.now() + 86_400_000).toISOString();
    expect((await raw(move, { id: content.id, to: 'SCHEDULED', at }, admin)).data?.transitionContent.status).toBe('SCHEDULED');
  });
});
