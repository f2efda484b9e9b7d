import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createTestDatabase, databaseMissing, testProvider, type TestDatabase } from './support/database.ts';
import { migrateUpTo, openRaw, type RawDatabase } from './support/migrations.ts';

// Rewrites kept as TEXT assets before versions existed become AI versions of their content.

const BEFORE = '20261203073653_audit_trail';
const MIGRATION = '20261203080000_text_assets_to_versions';
const now = 'CURRENT_TIMESTAMP';

const existingRows = `
  INSERT INTO "User" ("id", "email", "passwordHash", "fullName", "updatedAt") VALUES ('u1', 'one@example.com', 'x', 'One', ${now});
  INSERT INTO "Business" ("id", "ownerId", "name", "industry", "updatedAt") VALUES ('b1', 'u1', 'One Bakery', 'FOOD', ${now});
  INSERT INTO "Campaign" ("id", "businessId", "name", "goal", "campaignType", "durationDays", "contentCalendar", "targetPlatforms", "optimalTimes", "updatedAt") VALUES
    ('k1', 'b1', 'Harvest festival', 'Sell a pie a day', 'OTHER', 7, '[]', '[]', '[]', ${now});
  INSERT INTO "Content" ("id", "campaignId", "businessId", "day", "platform", "contentType", "title", "caption", "hashtags", "mentions", "updatedAt") VALUES
    ('c1', 'k1', 'b1', 1, 'INSTAGRAM', 'POST', 'Apple pie', 'The third take', '["pie"]', '[]', ${now});
  INSERT INTO "ContentAsset" ("id", "contentId", "assetType", "text", "generator", "prompt", "parameters") VALUES
    ('a1', 'c1', 'TEXT', 'The first take', 'human', 'Shorter', '{"revision":0,"title":"Apple pie","hashtags":["autumn","pie"],"script":null}'),
    ('a2', 'c1', 'TEXT', 'The second take', 'gpt-4o-mini', NULL, '{"revision":1,"title":"Apple pie","hashtags":["pie"],"script":"Slice, steam, smile"}'),
    ('a3', 'c1', 'IMAGE', NULL, 'dall-e', NULL, NULL);
`;

describe.skipIf(databaseMissing)(`migration ${MIGRATION} (${testProvider})`, () => {
  let database: TestDatabase;
  let raw: RawDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateUpTo(database.url, BEFORE);
    raw = await openRaw(database.url);
    await raw.exec(existingRows);
    expect((await migrateDatabase(database.url)).applied).toContain(MIGRATION);
  });
  afterAll(async () => {
    await raw?.close();
    await database?.drop();
  });

  it('turns each earlier text into an AI version of its content, and keeps the other assets', async () => {
    const versions = await raw.all<{ id: string; entityType: string; entityId: string; businessId: string; source: string; previous: unknown; changedFields: unknown }>(
      'SELECT "id", "entityType", "entityId", "businessId", "source", "previous", "changedFields" FROM "Version" ORDER BY "id"',
    );
    const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    expect(versions.map((version) => ({ ...version, previous: json(version.previous), changedFields: json(version.changedFields) }))).toEqual([
      {
        id: 'asset_a1',
        entityType: 'CONTENT',
        entityId: 'c1',
        businessId: 'b1',
        source: 'AI',
        changedFields: ['caption', 'hashtags', 'script'],
        previous: { caption: 'The first take', hashtags: ['autumn', 'pie'], script: null, title: 'Apple pie' },
      },
      {
        id: 'asset_a2',
        entityType: 'CONTENT',
        entityId: 'c1',
        businessId: 'b1',
        source: 'AI',
        changedFields: ['caption', 'hashtags', 'script'],
        previous: { caption: 'The second take', hashtags: ['pie'], script: 'Slice, steam, smile', title: 'Apple pie' },
      },
    ]);
    expect(await raw.all('SELECT "id", "assetType" FROM "ContentAsset"')).toEqual([{ id: 'a3', assetType: 'IMAGE' }]);
  });
});
