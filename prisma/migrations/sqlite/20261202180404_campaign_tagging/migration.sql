-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "campaignType" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "durationDays" INTEGER NOT NULL,
    "strategySummary" TEXT,
    "contentCalendar" JSONB NOT NULL,
    "targetPlatforms" JSONB NOT NULL,
    "contentStyle" TEXT,
    "visualStyle" TEXT,
    "hashtagStrategy" TEXT,
    "ctaPattern" TEXT,
    "estimatedCost" REAL,
    "actualCost" REAL,
    "startDate" DATETIME,
    "endDate" DATETIME,
    "postingFrequency" INTEGER,
    "optimalTimes" JSONB NOT NULL,
    "generationStatus" TEXT NOT NULL DEFAULT 'NONE',
    "generationError" TEXT,
    "primaryCategoryId" TEXT,
    "categoryConfidence" REAL,
    "tags" JSONB,
    "taggedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Campaign_primaryCategoryId_fkey" FOREIGN KEY ("primaryCategoryId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("actualCost", "businessId", "campaignType", "contentCalendar", "contentStyle", "createdAt", "createdById", "ctaPattern", "durationDays", "endDate", "estimatedCost", "generationError", "generationStatus", "goal", "hashtagStrategy", "id", "name", "optimalTimes", "postingFrequency", "startDate", "status", "strategySummary", "targetPlatforms", "updatedAt", "visualStyle") SELECT "actualCost", "businessId", "campaignType", "contentCalendar", "contentStyle", "createdAt", "createdById", "ctaPattern", "durationDays", "endDate", "estimatedCost", "generationError", "generationStatus", "goal", "hashtagStrategy", "id", "name", "optimalTimes", "postingFrequency", "startDate", "status", "strategySummary", "targetPlatforms", "updatedAt", "visualStyle" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_businessId_idx" ON "Campaign"("businessId");
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Rebuilding the table dropped search's triggers on it (see the search migration): the same again.
CREATE TRIGGER "Campaign_search_insert" AFTER INSERT ON "Campaign" BEGIN
    INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
    VALUES (new."id", 'CAMPAIGN', new."businessId", new."name", '', new."goal" || CASE WHEN new."strategySummary" IS NULL THEN '' ELSE char(10) || new."strategySummary" END);
END;
CREATE TRIGGER "Campaign_search_update" AFTER UPDATE OF "name", "goal", "strategySummary", "businessId" ON "Campaign"
WHEN old."name" IS NOT new."name" OR old."goal" IS NOT new."goal" OR old."strategySummary" IS NOT new."strategySummary" OR old."businessId" IS NOT new."businessId" BEGIN
    UPDATE "SearchDocument" SET "businessId" = new."businessId", "title" = new."name",
        "body" = new."goal" || CASE WHEN new."strategySummary" IS NULL THEN '' ELSE char(10) || new."strategySummary" END
    WHERE "ownerId" = new."id";
END;
CREATE TRIGGER "Campaign_search_delete" AFTER DELETE ON "Campaign" BEGIN
    DELETE FROM "SearchDocument" WHERE "ownerId" = old."id";
END;
