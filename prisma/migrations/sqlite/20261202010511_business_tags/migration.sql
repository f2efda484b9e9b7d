-- Tags become private to a business. Existing data is kept: every (tag, business) pair reachable
-- through ContentTag → Content gets its own copy of the tag (same name, type, description and
-- related tags, with usageCount counting that business's content linked to it), the links move
-- to the copy and the old global tags are dropped. Tags that no content uses belong to no
-- business and are dropped too. TAG embeddings are deleted: they are recomputed for the copies
-- when next needed. Category.usageCount is dropped: it is now counted per business when read.
-- No semicolons in comments: the PostgreSQL adapter splits scripts at every one of them.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Category" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "parentId" TEXT,
    "description" TEXT,
    "keywords" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Category_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Category" ("createdAt", "description", "id", "keywords", "name", "parentId", "updatedAt") SELECT "createdAt", "description", "id", "keywords", "name", "parentId", "updatedAt" FROM "Category";
DROP TABLE "Category";
ALTER TABLE "new_Category" RENAME TO "Category";
CREATE UNIQUE INDEX "Category_name_key" ON "Category"("name");
CREATE INDEX "Category_parentId_idx" ON "Category"("parentId");
CREATE TABLE "new_Tag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tagType" TEXT NOT NULL DEFAULT 'TOPIC',
    "description" TEXT,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "relatedTags" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tag_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Data, while the old "Tag" still exists: one copy per (tag, business), and the links moved to it.
CREATE TEMP TABLE "_BusinessTag" AS
SELECT ct."tagId" AS "oldId",
       c."businessId" AS "businessId",
       lower(hex(randomblob(16))) AS "newId",
       COUNT(*) AS "usageCount"
FROM "ContentTag" ct
JOIN "Content" c ON c."id" = ct."contentId"
GROUP BY ct."tagId", c."businessId";
INSERT INTO "new_Tag" ("id", "businessId", "name", "tagType", "description", "usageCount", "relatedTags", "createdAt", "updatedAt")
SELECT m."newId", m."businessId", t."name", t."tagType", t."description", m."usageCount", t."relatedTags", t."createdAt", t."updatedAt"
FROM "_BusinessTag" m
JOIN "Tag" t ON t."id" = m."oldId";
UPDATE "ContentTag" SET "tagId" = (
    SELECT m."newId" FROM "_BusinessTag" m JOIN "Content" c ON c."businessId" = m."businessId"
    WHERE m."oldId" = "ContentTag"."tagId" AND c."id" = "ContentTag"."contentId"
);
DROP TABLE "_BusinessTag";
DELETE FROM "Embedding" WHERE "ownerType" = 'TAG';
-- The old global tags go with their table, the ones no content used among them.
DROP TABLE "Tag";
ALTER TABLE "new_Tag" RENAME TO "Tag";
CREATE INDEX "Tag_businessId_usageCount_idx" ON "Tag"("businessId", "usageCount");
CREATE UNIQUE INDEX "Tag_businessId_name_key" ON "Tag"("businessId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Content_businessId_primaryCategoryId_idx" ON "Content"("businessId", "primaryCategoryId");
