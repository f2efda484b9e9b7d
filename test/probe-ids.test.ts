import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, signUpUser, type TestUser } from './support/fixtures.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Global IDs of types that are not nodes (TrashItem, Version, and audited rows such as ContentTag)
// are handed out by the API and taken back by mutations and filters: only node(id:) and
// nodes(ids:) refuse them.

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
type Json = any;

describe.skipIf(databaseMissing)(`global IDs of types that are not nodes (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  const call = async (query: string, variables: Record<string, unknown>) => {
    const answer = await server.client.raw<Json>(query, variables, { token: owner.token });
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data;
  };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Ids');
    businessId = (await createBusiness(server.client, owner)).id;
  });
  afterAll(() => server?.stop());

  it('restores and purges a trash item by the id deleting it gave', async () => {
    const remove = `mutation($id: ID!) { deleteCampaign(input: { id: $id }) { __typename ... on TrashItem { id } } }`;
    const kept = await createCampaign(server.client, owner, businessId, 'Kept');
    const trashed = (await call(remove, { id: kept.id })).deleteCampaign;
    expect(trashed.__typename).toBe('TrashItem');
    const restored = await call(`mutation($id: ID!) { restoreFromTrash(input: { id: $id }) { __typename ... on RestoredFromTrash { restored { ... on Campaign { id } } } ... on Error { code } } }`, {
      id: trashed.id,
    });
    expect(restored.restoreFromTrash).toEqual({ __typename: 'RestoredFromTrash', restored: { id: kept.id } });

    const gone = await createCampaign(server.client, owner, businessId, 'Gone');
    const item = (await call(remove, { id: gone.id })).deleteCampaign;
    const purged = await call(`mutation($id: ID!) { purgeFromTrash(input: { id: $id }) { __typename ... on Error { code } } }`, { id: item.id });
    expect(purged.purgeFromTrash.__typename).toBe('PurgedFromTrash');
  });

  it('restores a version by the id its listing gave', async () => {
    const campaign = await createCampaign(server.client, owner, businessId, 'Versioned');
    const content = await createContent(server.client, owner, campaign.id);
    const edit = await call(`mutation($input: UpdateContentInput!) { updateContent(input: $input) { __typename } }`, { input: { id: content.id, caption: 'Second caption' } });
    expect(edit.updateContent.__typename).toBe('Content');
    const versions = (await call(`query($id: ID!) { content(id: $id) { versions(first: 5) { edges { node { id } } } } }`, { id: content.id })).content.versions.edges;
    expect(versions.length).toBeGreaterThan(0);
    const restored = await call(`mutation($id: ID!) { restoreVersion(input: { id: $id }) { __typename ... on Error { code } } }`, { id: versions[0].node.id });
    expect(restored.restoreVersion.__typename).toBe('RestoredVersion');
  });

  it('filters the audit log by the entityId of a row that is not a node, as the log gives it', async () => {
    const entityId = `${randomUUID()}/${randomUUID()}`;
    await prisma.auditEvent.create({
      data: { businessId: localIdOf(businessId), actorKind: 'SYSTEM', action: 'CREATE', entityType: 'ContentTag', entityId, changes: {} },
    });
    const query = `query($businessId: ID!, $filter: AuditLogFilter) { auditLog(businessId: $businessId, filter: $filter, first: 5) { edges { node { entityType entityId } } } }`;
    const all = (await call(query, { businessId, filter: { entityType: 'ContentTag' } })).auditLog.edges;
    expect(all).toEqual([{ node: { entityType: 'ContentTag', entityId: globalId('ContentTag', entityId) } }]);
    const byId = (await call(query, { businessId, filter: { entityId: all[0].node.entityId } })).auditLog.edges;
    expect(byId).toEqual(all);
  });
});
