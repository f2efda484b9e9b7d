import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLimits } from '../src/graphql/limits.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { Dashboard } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(databaseMissing)(`query limits (${testProvider})`, () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = (await seedTenant(server.client)).user.token;
  });
  afterAll(() => server?.stop());

  it('serves the dashboard query within the limits', async () => {
    const { businesses } = await server.client.data(Dashboard, { businesses: 100, campaigns: 100, contents: 100 }, { token });
    expect(businesses.totalCount).toBe(1);
  });

  it('refuses a query nested deeper than the limit before running it', async () => {
    let selection = 'id';
    for (let i = 0; i < 6; i++) selection = `campaign { business { campaigns { edges { node { contents { edges { node { ${selection} } } } } } } } }`;
    const result = await server.client.raw(`{ content(id: "x") { ${selection} } }`, {}, { token });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
    expect(result.errors?.[0]?.extensions?.code).toBeTruthy();
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: queryLimits.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ');
    const result = await server.client.raw(`{ ${aliases} }`, {}, { token });
    expect(result.errors?.[0]?.message).toMatch(/alias/i);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an oversized document', async () => {
    const fields = Array.from({ length: queryLimits.maxTokens }, () => 'id').join(' ');
    const result = await server.client.raw(`{ me { ${fields} } }`, {}, { token });
    expect(result.errors?.[0]?.message).toMatch(/token/i);
  });
});
