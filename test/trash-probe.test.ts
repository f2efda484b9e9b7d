import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, signUpUser, type TestUser } from './support/fixtures.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// An attacker's and a careful user's pass over the trash and version history: exact round trips,
// keys, stale versions, races. (A campaign of 400 contents with 4,000 snapshots takes ~20 s to
// restore here, past Prisma's 5 s transaction default: too slow for a test, see TRASH_TRANSACTION.)

const deleteContent = `mutation($id: ID!) { deleteContent(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } } }`;
const deleteCampaign = `mutation($id: ID!) { deleteCampaign(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } } }`;
const deleteBusiness = `mutation($id: ID!) { deleteBusiness(input: { id: $id }) { __typename ... on Error { code message } } }`;
const restore = `mutation($id: ID!) { restoreFromTrash(input: { id: $id }) { __typename ... on Error { code message } } }`;
const restoreVersion = `mutation($id: ID!) { restoreVersion(input: { id: $id }) { __typename ... on Error { code message } } }`;
const createKey = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`;

describe.skipIf(databaseMissing)(`trash and versions probe (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Prober');
    businessId = (await createBusiness(server.client, owner, 'Probe Bakery')).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = async (query: string, variables: Record<string, unknown>, token = owner.token) => {
    const response = await server.client.raw<Record<string, Record<string, unknown>>>(query, variables, { token });
    expect(response.errors ?? []).toEqual([]);
    return Object.values(response.data!)[0];
  };

  it('restores content and its campaign exactly as they were, Json nulls and dates included', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Exact')).id;
    const withNulls = localIdOf((await createContent(server.client, owner, campaignId)).id);
    const withValues = localIdOf((await createContent(server.client, owner, campaignId, 2)).id);
    await prisma.content.update({
      where: { id: withValues },
      data: { media: { imageUrl: 'https://example.com/a.png', videoUrl: null }, hashtags: ['a', 'b'], approvedAt: new Date('2026-01-02T03:04:05.678Z'), aiMetadata: { model: 'm', tokensUsed: null } },
    });
    const ids = [withNulls, withValues];
    const contentsBefore = await prisma.content.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    const campaignBefore = await prisma.campaign.findUniqueOrThrow({ where: { id: localIdOf(campaignId) } });

    const item = await call(deleteCampaign, { id: campaignId });
    expect(await call(restore, { id: item.id })).toMatchObject({ __typename: 'RestoredFromTrash' });
    expect(await prisma.content.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).toEqual(contentsBefore);
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: localIdOf(campaignId) } })).toEqual(campaignBefore);
  });

  it('lets a key delete only with WRITE, and never delete a business', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Keys')).id;
    const content = await createContent(server.client, owner, campaignId);
    const keyWith = async (scopes: string[]) => ((await call(createKey, { input: { businessId, name: scopes.join('+'), scopes } })) as { key: string }).key;
    expect(await call(deleteContent, { id: content.id }, await keyWith(['READ']))).toMatchObject({ code: 'FORBIDDEN' });
    const admin = await keyWith(['READ', 'WRITE', 'AI', 'ADMIN']);
    expect(await call(deleteBusiness, { id: businessId }, admin)).toMatchObject({ code: 'FORBIDDEN' });
    const item = await call(deleteContent, { id: content.id }, admin);
    expect(item.__typename).toBe('TrashItem');
    expect(await call(restore, { id: item.id }, await keyWith(['READ']))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('restores an item once when asked twice at the same time', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Twice')).id;
    const content = await createContent(server.client, owner, campaignId);
    const item = await call(deleteContent, { id: content.id });
    const results = await Promise.all([1, 2].map(() => call(restore, { id: item.id })));
    expect(results.map((result) => result.__typename).sort()).toEqual(['NotFoundError', 'RestoredFromTrash']);
  });

  it('restores or erases an item, never both, when both are asked at the same time', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Restore or purge')).id;
    const update = `mutation($input: UpdateContentInput!) { updateContent(input: $input) { __typename ... on Error { code message } } }`;
    const purge = `mutation($id: ID!) { purgeFromTrash(input: { id: $id }) { __typename ... on Error { code message } } }`;
    const items: { contentId: string; itemId: string }[] = [];
    for (let day = 1; day <= 10; day++) {
      const content = await createContent(server.client, owner, campaignId, day);
      expect(await call(update, { input: { id: content.id, caption: `Edited caption ${day}` } })).toMatchObject({ __typename: 'Content' });
      items.push({ contentId: localIdOf(content.id), itemId: (await call(deleteContent, { id: content.id })).id as string });
    }
    const results = await Promise.all(items.map(({ itemId }) => Promise.all([call(restore, { id: itemId }), call(purge, { id: itemId })])));
    for (const [index, [restored, purged]] of results.entries()) {
      const { contentId } = items[index]!;
      const purges = await prisma.auditEvent.count({ where: { entityId: contentId, action: 'PURGE' } });
      const versions = await prisma.version.count({ where: { entityId: contentId } });
      const alive = (await prisma.content.count({ where: { id: contentId } })) === 1;
      if (restored.__typename === 'RestoredFromTrash') {
        expect({ purged: purged.__typename, alive, versions, purges }).toEqual({ purged: 'NotFoundError', alive: true, versions: 1, purges: 0 });
      } else {
        expect({ restored: restored.__typename, purged: purged.__typename, alive, versions, purges }).toEqual({ restored: 'NotFoundError', purged: 'PurgedFromTrash', alive: false, versions: 0, purges: 1 });
      }
    }
  });

  it('edits a campaign while it goes to the trash: the edit lands first or finds it gone', async () => {
    const update = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Error { code message } } }`;
    for (let round = 0; round < 3; round++) {
      const campaignId = (await createCampaign(server.client, owner, businessId, `Edited away ${round}`)).id;
      const [deleted, ...edits] = await Promise.all([call(deleteCampaign, { id: campaignId }), ...[1, 2, 3, 4].map((n) => call(update, { input: { id: campaignId, name: `Edit ${n}` } }))]);
      expect(deleted.__typename).toBe('TrashItem');
      for (const edit of edits) expect(['Campaign', 'NotFoundError']).toContain(edit.__typename);
    }
  });

  it('refuses to restore a version whose day no longer fits the campaign, as bad input', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Shrunk')).id;
    const content = await createContent(server.client, owner, campaignId, 5);
    const update = `mutation($input: UpdateContentInput!) { updateContent(input: $input) { __typename ... on Error { code message } } }`;
    expect(await call(update, { input: { id: content.id, day: 1 } })).toMatchObject({ __typename: 'Content' });
    await prisma.campaign.update({ where: { id: localIdOf(campaignId) }, data: { durationDays: 3 } });
    const version = await prisma.version.findFirstOrThrow({ where: { entityId: localIdOf(content.id) } });
    const response = await server.client.raw(restoreVersion, { id: Buffer.from(`Version:${version.id}`).toString('base64') }, { token: owner.token });
    expect(JSON.stringify(response)).toContain('BAD_USER_INPUT');
  });

  it('hides trash items and versions from node(id:) and from other tenants', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Nodes')).id;
    const content = await createContent(server.client, owner, campaignId);
    const item = await call(deleteContent, { id: content.id });
    const stranger = await signUpUser(server.client, 'Stranger');
    const node = await server.client.raw(`query($id: ID!) { node(id: $id) { id } }`, { id: item.id }, { token: stranger.token });
    expect(node.status).toBe(200);
    expect((node.data as { node: unknown } | undefined)?.node ?? null).toBeNull();
    expect(JSON.stringify(node)).not.toContain('Nodes');
  });

  it('restores content into its campaign while the campaign goes to the trash, one after the other', async () => {
    for (let round = 0; round < 3; round++) {
      const campaignId = (await createCampaign(server.client, owner, businessId, `Race ${round}`)).id;
      const content = await createContent(server.client, owner, campaignId);
      const item = await call(deleteContent, { id: content.id });
      const [restored, deleted] = await Promise.all([call(restore, { id: item.id }), call(deleteCampaign, { id: campaignId })]);
      expect(deleted.__typename).toBe('TrashItem');
      expect(['RestoredFromTrash', 'ConflictError']).toContain(restored.__typename);
    }
  });

  it('restores a version of a campaign whose optional fields were never set', async () => {
    const campaignId = (await createCampaign(server.client, owner, businessId, 'Sparse')).id;
    const update = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Error { code message } } }`;
    expect(await call(update, { input: { id: campaignId, goal: 'A new goal', durationDays: 21 } })).toMatchObject({ __typename: 'Campaign' });
    const version = await prisma.version.findFirstOrThrow({ where: { entityId: localIdOf(campaignId) } });
    const restored = await call(restoreVersion, { id: Buffer.from(`Version:${version.id}`).toString('base64') });
    expect(restored).toMatchObject({ __typename: 'RestoredVersion' });
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: localIdOf(campaignId) } })).toMatchObject({ goal: 'Sell the new spring menu', durationDays: 14 });
  });
});
