import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createTestDatabase, databaseMissing, testProvider, type TestDatabase } from './support/database.ts';
import { migrateUpTo, openRaw, type RawDatabase } from './support/migrations.ts';

// The migration that made tags private to a business must keep what existing content was tagged
// with: each business gets its own copy of every global tag its content used.

const BEFORE = '20261129073205_tagging';
const BUSINESS_TAGS = '20261202010511_business_tags';

const now = 'CURRENT_TIMESTAMP';
const json = (value: unknown) => `'${JSON.stringify(value)}'`;
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Two businesses whose content shares the global tag "bakery"; "vegan" is used by one, "orphan" by none. */
const globalTagRows = `
  INSERT INTO "User" ("id", "email", "passwordHash", "fullName", "updatedAt") VALUES
    ('u1', 'one@example.com', 'x', 'One', ${now}), ('u2', 'two@example.com', 'x', 'Two', ${now});
  INSERT INTO "Business" ("id", "ownerId", "name", "industry", "updatedAt") VALUES
    ('b1', 'u1', 'One Bakery', 'FOOD', ${now}), ('b2', 'u2', 'Two Bakery', 'FOOD', ${now});
  INSERT INTO "Campaign" ("id", "businessId", "name", "goal", "campaignType", "durationDays", "contentCalendar", "targetPlatforms", "optimalTimes", "updatedAt") VALUES
    ('k1', 'b1', 'Spring', 'Sell', 'OTHER', 7, '[]', '[]', '[]', ${now}), ('k2', 'b2', 'Spring', 'Sell', 'OTHER', 7, '[]', '[]', '[]', ${now});
  INSERT INTO "Category" ("id", "name", "keywords", "usageCount", "updatedAt") VALUES ('food', 'Food', '[]', 3, ${now});
  INSERT INTO "Content" ("id", "campaignId", "businessId", "day", "platform", "contentType", "caption", "hashtags", "mentions", "primaryCategoryId", "updatedAt") VALUES
    ('c1', 'k1', 'b1', 1, 'INSTAGRAM', 'POST', 'Fresh bread', '[]', '[]', 'food', ${now}),
    ('c2', 'k1', 'b1', 2, 'INSTAGRAM', 'POST', 'Vegan bread', '[]', '[]', 'food', ${now}),
    ('c3', 'k2', 'b2', 1, 'INSTAGRAM', 'POST', 'Fresh bread', '[]', '[]', 'food', ${now});
  INSERT INTO "Tag" ("id", "name", "tagType", "description", "usageCount", "relatedTags", "updatedAt") VALUES
    ('bakery', 'bakery', 'INDUSTRY', 'Bread and pastries', 3, ${json(['bread', 'vegan'])}, ${now}),
    ('vegan', 'vegan', 'AUDIENCE', NULL, 1, ${json(['bakery'])}, ${now}),
    ('orphan', 'orphan', 'TOPIC', NULL, 0, '[]', ${now});
  INSERT INTO "ContentTag" ("contentId", "tagId") VALUES ('c1', 'bakery'), ('c2', 'bakery'), ('c2', 'vegan'), ('c3', 'bakery');
  INSERT INTO "Embedding" ("id", "ownerType", "ownerId", "model", "dimensions", "vector", "textSha256", "updatedAt") VALUES
    ('e1', 'TAG', 'bakery', 'm', 2, '[1,0]', 'h', ${now}), ('e2', 'CONTENT', 'c1', 'm', 2, '[0,1]', 'h', ${now});
`;

interface TagRow {
  id: string;
  businessId: string;
  name: string;
  tagType: string;
  description: string | null;
  usageCount: number;
  relatedTags: unknown;
}

describe.skipIf(databaseMissing)(`migration ${BUSINESS_TAGS} (${testProvider})`, () => {
  let database: TestDatabase;
  let raw: RawDatabase;
  let tags: TagRow[];

  beforeAll(async () => {
    database = await createTestDatabase();
    expect(await migrateUpTo(database.url, BEFORE)).toContain(BEFORE);
    raw = await openRaw(database.url);
    await raw.exec(globalTagRows);
    expect((await migrateDatabase(database.url)).applied[0]).toBe(BUSINESS_TAGS);
    tags = (await raw.all<TagRow>('SELECT * FROM "Tag" ORDER BY "businessId", "name"')).map((tag) => ({ ...tag, usageCount: Number(tag.usageCount) }));
  });
  afterAll(async () => {
    await raw?.close();
    await database?.drop();
  });

  it('gives each business its own copy of every tag its content used, counted for that business only', () => {
    expect(tags.map(({ businessId, name, tagType, description, usageCount }) => ({ businessId, name, tagType, description, usageCount }))).toEqual([
      { businessId: 'b1', name: 'bakery', tagType: 'INDUSTRY', description: 'Bread and pastries', usageCount: 2 },
      { businessId: 'b1', name: 'vegan', tagType: 'AUDIENCE', description: null, usageCount: 1 },
      { businessId: 'b2', name: 'bakery', tagType: 'INDUSTRY', description: 'Bread and pastries', usageCount: 1 },
    ]);
    expect(tags.map((tag) => parsed(tag.relatedTags))).toEqual([['bread', 'vegan'], ['bakery'], ['bread', 'vegan']]);
    expect(new Set(tags.map((tag) => tag.id)).size).toBe(3);
  });

  it('drops the global tags, those no content used included', () => {
    expect(tags.map((tag) => tag.id)).not.toEqual(expect.arrayContaining(['bakery']));
    expect(tags.some((tag) => ['bakery', 'vegan', 'orphan'].includes(tag.id) || tag.name === 'orphan')).toBe(false);
  });

  it("links every content item to its own business's copy", async () => {
    const links = await raw.all<{ contentId: string; businessId: string; name: string }>(`
      SELECT ct."contentId", t."businessId", t."name" FROM "ContentTag" ct JOIN "Tag" t ON t."id" = ct."tagId" ORDER BY ct."contentId", t."name"`);
    expect(links).toEqual([
      { contentId: 'c1', businessId: 'b1', name: 'bakery' },
      { contentId: 'c2', businessId: 'b1', name: 'bakery' },
      { contentId: 'c2', businessId: 'b1', name: 'vegan' },
      { contentId: 'c3', businessId: 'b2', name: 'bakery' },
    ]);
  });

  it('deletes tag embeddings (recomputed later) and keeps content embeddings and categories', async () => {
    expect(await raw.all('SELECT "id" FROM "Embedding" ORDER BY "id"')).toEqual([{ id: 'e2' }]);
    const contents = await raw.all<{ id: string; primaryCategoryId: string }>('SELECT "id", "primaryCategoryId" FROM "Content" ORDER BY "id"');
    expect(contents.map((c) => c.primaryCategoryId)).toEqual(['food', 'food', 'food']);
  });

  it('enforces one tag per name within a business, and the same name in another', async () => {
    const insert = (id: string, businessId: string) =>
      raw.exec(`INSERT INTO "Tag" ("id", "businessId", "name", "relatedTags", "updatedAt") VALUES ('${id}', '${businessId}', 'fresh', '[]', ${now})`);
    await insert('t1', 'b1');
    await insert('t2', 'b2');
    await expect(insert('t3', 'b1')).rejects.toThrow();
  });
});
