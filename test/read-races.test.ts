import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { createCampaign, createContent, seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A read that reloads its parent row for a field the planned query did not cover (here an alias
// with other arguments) can find the row gone: deleted between the two statements. It answers
// NOT_FOUND for that field, never an internal error.

const AliasedContents = `query($id: ID!) {
  campaign(id: $id) {
    id
    first: contents(first: 2) { edges { node { id caption } } }
    rest: contents(first: 5, after: null) { totalCount edges { node { id status } } }
  }
}`;
const DeleteCampaign = `mutation($id: ID!) { deleteCampaign(input: { id: $id }) { __typename ... on Error { code } } }`;

const ROUNDS = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(databaseMissing)(`reads racing deletions (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, undefined, { logLines });
    tenant = await seedTenant(server.client, 'Reader');
  });
  afterAll(() => server?.stop());

  it('answers a field whose parent was deleted mid-read with NOT_FOUND, not an internal error', async () => {
    const codes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, `Racing ${round}`);
      for (const day of [1, 2, 3]) await createContent(server.client, tenant.user, campaign.id, day);
      // Reads start every few ms until the deletion has committed, so some straddle it.
      const read = () => server.client.raw<any>(AliasedContents, { id: campaign.id }, { token: tenant.user.token });
      const reads = [read()];
      let deleted = false;
      const deletion = server.client.raw<any>(DeleteCampaign, { id: campaign.id }, { token: tenant.user.token }).finally(() => (deleted = true));
      while (!deleted) {
        reads.push(read());
        await sleep(2);
      }
      expect((await deletion).data.deleteCampaign.__typename).toBe('TrashItem');
      for (const read of await Promise.all(reads)) {
        for (const error of read.errors ?? []) {
          codes.add(String(error.extensions?.code));
          expect(error.message).toBe('Not found: what this field reads was deleted while the request was answered');
        }
      }
    }
    expect([...codes].filter((code) => code !== 'NOT_FOUND')).toEqual([]);
    // Expected, so not logged as an error.
    expect(logLines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
