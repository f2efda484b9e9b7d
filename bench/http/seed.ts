import type { DatabaseProvider } from '../../src/db/prisma-schema.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { signUpUser } from '../../test/support/fixtures.ts';
import { localIdOf, seedGraph } from '../../test/support/seed-graph.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { SeededAccount, Shape } from './scenarios.ts';

export interface SeededDatabase {
  database: TestDatabase;
  account: SeededAccount;
  /** Herald in this process over the database, for what only an in-process server shows (SQL statements). */
  inProcess: TestServer;
}

/**
 * A fresh database of its own for one shape (so row counts differ between shapes), migrated by an
 * in-process Herald, with one user signed up through the API and the shape's rows written straight
 * to the tables. Stopping `inProcess` keeps the database; `database.drop()` removes it.
 */
export async function seedDatabase(provider: DatabaseProvider, shape: Shape): Promise<SeededDatabase> {
  const database = await createTestDatabase(provider);
  let inProcess: TestServer | undefined;
  try {
    // OBSERVE_SQL: on main, Prisma's query events (what statements.ts counts) are off unless asked for.
    inProcess = await startTestServer({ NODE_ENV: 'production', OBSERVE_SQL: 'true' }, { url: database.url, drop: async () => {} });
    const user = await signUpUser(inProcess.client, 'Bench');
    await seedGraph(localIdOf(user.id), shape.businesses, shape.campaigns, shape.contents);
    const { data } = await inProcess.client.raw<{ businesses: { edges: { node: { id: string } }[] } }>(
      'query { businesses(first: 1) { edges { node { id } } } }',
      {},
      { token: user.token },
    );
    const businessId = data?.businesses.edges[0]?.node.id;
    if (!businessId) throw new Error(`seeding ${provider} ${JSON.stringify(shape)} left the user without a business`);
    return { database, account: { token: user.token, businessId }, inProcess };
  } catch (error) {
    await inProcess?.stop();
    await database.drop();
    throw error;
  }
}
