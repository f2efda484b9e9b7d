import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createTestDatabase, databaseMissing, testProvider, type TestDatabase } from './support/database.ts';
import { migrateUpTo, openRaw, type RawDatabase } from './support/migrations.ts';

// The search migration indexes what existed before it, and its triggers index what comes after,
// whoever writes it (here plain SQL, as another tool or a hand fix would).

const BEFORE = '20261202141950_webhooks';
const SEARCH = '20261202180000_search';
const now = 'CURRENT_TIMESTAMP';

const existingRows = `
  INSERT INTO "User" ("id", "email", "passwordHash", "fullName", "updatedAt") VALUES ('u1', 'one@example.com', 'x', 'One', ${now});
  INSERT INTO "Business" ("id", "ownerId", "name", "industry", "updatedAt") VALUES ('b1', 'u1', 'One Bakery', 'FOOD', ${now});
  INSERT INTO "Campaign" ("id", "businessId", "name", "goal", "campaignType", "durationDays", "contentCalendar", "targetPlatforms", "optimalTimes", "updatedAt") VALUES
    ('k1', 'b1', 'Harvest festival', 'Sell a pie a day', 'OTHER', 7, '[]', '[]', '[]', ${now});
  INSERT INTO "Content" ("id", "campaignId", "businessId", "day", "platform", "contentType", "title", "caption", "hashtags", "mentions", "updatedAt") VALUES
    ('c1', 'k1', 'b1', 1, 'INSTAGRAM', 'POST', 'Apple pie', 'Warm from the oven', '["autumn","pie"]', '[]', ${now}),
    ('c2', 'k1', 'b1', 2, 'INSTAGRAM', 'POST', NULL, 'Hashtags that are no list must not break anything', '{"not":"a list"}', '[]', ${now});
  INSERT INTO "Message" ("id", "businessId", "platform", "incomingMessage", "updatedAt") VALUES ('m1', 'b1', 'INSTAGRAM', 'Do you sell pie by the slice?', ${now});
`;

interface DocumentRow {
  ownerId: string;
  kind: string;
  businessId: string;
  title: string;
  tags: string;
  body: string;
}

describe.skipIf(databaseMissing)(`migration ${SEARCH} (${testProvider})`, () => {
  let database: TestDatabase;
  let raw: RawDatabase;
  const documents = () => raw.all<DocumentRow>('SELECT "ownerId", "kind", "businessId", "title", "tags", "body" FROM "SearchDocument" ORDER BY "ownerId"');
  const matching = async (word: string) =>
    (
      await raw.all<{ ownerId: string }>(
        testProvider === 'sqlite'
          ? `SELECT d."ownerId" FROM "SearchDocumentText" JOIN "SearchDocument" d ON d."id" = "SearchDocumentText".rowid WHERE "SearchDocumentText" MATCH '"${word}"' ORDER BY d."ownerId"`
          : `SELECT "ownerId" FROM "SearchDocument" WHERE "document" @@ websearch_to_tsquery('english', '${word}') ORDER BY "ownerId"`,
      )
    ).map((row) => row.ownerId);

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateUpTo(database.url, BEFORE);
    raw = await openRaw(database.url);
    await raw.exec(existingRows);
    expect((await migrateDatabase(database.url)).applied).toContain(SEARCH);
  });
  afterAll(async () => {
    await raw?.close();
    await database?.drop();
  });

  // SQLite migrations that change a column rebuild the table (Prisma's RedefineTables), which drops
  // its triggers: a later migration that rebuilds Content, Campaign or Message must create them again.
  it('still has every search trigger after the latest migration', async () => {
    const triggers = (
      await raw.all<{ name: string }>(
        testProvider === 'sqlite' ? `SELECT "name" FROM sqlite_master WHERE "type" = 'trigger'` : `SELECT tgname AS "name" FROM pg_trigger WHERE NOT tgisinternal`,
      )
    ).map((row) => row.name);
    const expected =
      testProvider === 'sqlite'
        ? ['Content_search_insert', 'Content_search_update', 'Content_search_delete', 'Content_vector_stale', 'Campaign_search_insert', 'Campaign_search_update', 'Campaign_search_delete',
            'Message_search_insert', 'Message_search_update', 'Message_search_delete', 'SearchDocument_index_insert', 'SearchDocument_index_update', 'SearchDocument_index_delete']
        : ['Content_search', 'Content_search_update', 'Campaign_search', 'Campaign_search_update', 'Message_search', 'Message_search_update'];
    expect(triggers).toEqual(expect.arrayContaining(expected));
  });

  it('backfills a document per content, campaign and message, hashtags as words', async () => {
    expect(await documents()).toEqual([
      { ownerId: 'c1', kind: 'CONTENT', businessId: 'b1', title: 'Apple pie', tags: '#autumn #pie', body: 'Warm from the oven' },
      { ownerId: 'c2', kind: 'CONTENT', businessId: 'b1', title: '', tags: '', body: 'Hashtags that are no list must not break anything' },
      { ownerId: 'k1', kind: 'CAMPAIGN', businessId: 'b1', title: 'Harvest festival', tags: '', body: 'Sell a pie a day' },
      { ownerId: 'm1', kind: 'MESSAGE', businessId: 'b1', title: '', tags: '', body: 'Do you sell pie by the slice?' },
    ]);
    expect(await matching('pie')).toEqual(['c1', 'k1', 'm1']);
  });

  it('keeps the index in step with plain SQL writes and cascading deletes', async () => {
    await raw.exec(`UPDATE "Content" SET "caption" = 'Cinnamon swirl', "hashtags" = '["bun"]' WHERE "id" = 'c1'`);
    expect(await matching('oven')).toEqual([]);
    expect(await matching('cinnamon')).toEqual(['c1']);
    expect(await matching('bun')).toEqual(['c1']);
    await raw.exec(`DELETE FROM "Business" WHERE "id" = 'b1'`);
    expect(await documents()).toEqual([]);
    expect(await matching('pie')).toEqual([]);
  });
});
