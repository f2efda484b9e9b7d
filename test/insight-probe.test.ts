import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { recordEngagement, seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Probes of the rollups' cache that fit no feature's suite.

const PERFORMANCE = `query($id: ID!) { campaign(id: $id) { performance { totals { likes } } } }`;
const DELETE_BUSINESS = `mutation($id: ID!) { deleteBusiness(input: { id: $id }) { __typename ... on DeletedBusiness { trashItem { id } } ... on Error { code } } }`;
const RESTORE = `mutation($id: ID!) { restoreFromTrash(input: { id: $id }) { __typename ... on Error { code } } }`;

describe.skipIf(databaseMissing)(`rollup cache probes (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('serves no rollup from before a write once the business comes back from the trash', async () => {
    const { user, business, campaign, content } = await seedTenant(server.client);
    const raw = (query: string, variables: Record<string, unknown>) => server.client.raw<Record<string, any>>(query, variables, { token: user.token });
    const likes = async () => (await raw(PERFORMANCE, { id: campaign.id })).data?.campaign.performance.totals.likes;
    const now = server.app.clock.now().getTime();
    await recordEngagement(server.client, user, content.id, new Date(now - 7_200_000), 10);
    expect(await likes()).toBe(10);
    await recordEngagement(server.client, user, content.id, new Date(now - 3_600_000), 30);
    expect(await likes()).toBe(30);

    const deleteAndRestore = async () => {
      const deleted = await raw(DELETE_BUSINESS, { id: business.id });
      const trashItemId = deleted.data?.deleteBusiness.trashItem?.id;
      expect(trashItemId, JSON.stringify(deleted)).toBeTruthy();
      expect((await raw(RESTORE, { id: trashItemId })).data?.restoreFromTrash.__typename).toBe('RestoredFromTrash');
    };
    await deleteAndRestore();
    expect(await likes()).toBe(30);
    await recordEngagement(server.client, user, content.id, new Date(now - 1_800_000), 50);
    expect(await likes()).toBe(50);
    // What was cached before the last reading lives on in the memory layer (and Redis): the
    // scope's generation must not go back to one it was cached under.
    await deleteAndRestore();
    expect(await likes()).toBe(50);
  });
});
