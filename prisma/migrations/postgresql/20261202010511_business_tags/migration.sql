-- Tags become private to a business. Existing data is kept: every (tag, business) pair reachable
-- through ContentTag → Content gets its own copy of the tag (same name, type, description and
-- related tags, with usageCount counting that business's content linked to it), the links move
-- to the copy and the old global tags are dropped. Tags that no content uses belong to no
-- business and are dropped too. TAG embeddings are deleted: they are recomputed for the copies
-- when next needed. Category.usageCount is dropped: it is now counted per business when read.
-- No semicolons in comments: the PostgreSQL adapter splits scripts at every one of them.

-- DropIndex
DROP INDEX "Tag_name_key";

-- DropIndex
DROP INDEX "Tag_usageCount_idx";

-- AlterTable
ALTER TABLE "Category" DROP COLUMN "usageCount";

-- AlterTable (NOT NULL once every remaining tag has a business)
ALTER TABLE "Tag" ADD COLUMN     "businessId" TEXT;

-- Data: one copy per (tag, business)
CREATE TEMPORARY TABLE "_BusinessTag" AS
SELECT ct."tagId" AS "oldId",
       c."businessId" AS "businessId",
       md5(ct."tagId" || '/' || c."businessId") AS "newId",
       COUNT(*)::INTEGER AS "usageCount"
FROM "ContentTag" ct
JOIN "Content" c ON c."id" = ct."contentId"
GROUP BY ct."tagId", c."businessId";

INSERT INTO "Tag" ("id", "businessId", "name", "tagType", "description", "usageCount", "relatedTags", "createdAt", "updatedAt")
SELECT m."newId", m."businessId", t."name", t."tagType", t."description", m."usageCount", t."relatedTags", t."createdAt", t."updatedAt"
FROM "_BusinessTag" m
JOIN "Tag" t ON t."id" = m."oldId";

UPDATE "ContentTag" ct
SET "tagId" = m."newId"
FROM "_BusinessTag" m, "Content" c
WHERE c."id" = ct."contentId" AND m."oldId" = ct."tagId" AND m."businessId" = c."businessId";

-- The old global tags, now linked to nothing, and the tags no content used.
DELETE FROM "Tag" WHERE "businessId" IS NULL;

DELETE FROM "Embedding" WHERE "ownerType" = 'TAG';

DROP TABLE "_BusinessTag";

ALTER TABLE "Tag" ALTER COLUMN "businessId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Content_businessId_primaryCategoryId_idx" ON "Content"("businessId", "primaryCategoryId");

-- CreateIndex
CREATE INDEX "Tag_businessId_usageCount_idx" ON "Tag"("businessId", "usageCount");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_businessId_name_key" ON "Tag"("businessId", "name");

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
