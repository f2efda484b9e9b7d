-- AlterTable
ALTER TABLE "Content" ADD COLUMN "platformPostId" TEXT;

-- CreateTable
CREATE TABLE "SocialAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'CONNECTED',
    "url" TEXT,
    "secret" TEXT,
    "lastError" TEXT,
    "connectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SocialAccount_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AnalyticsSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "collectedAt" DATETIME NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "reach" INTEGER NOT NULL DEFAULT 0,
    "views" INTEGER NOT NULL DEFAULT 0,
    "likes" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "shares" INTEGER NOT NULL DEFAULT 0,
    "saves" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "profileVisits" INTEGER NOT NULL DEFAULT 0,
    "websiteClicks" INTEGER NOT NULL DEFAULT 0,
    "engagementRate" REAL NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL DEFAULT 'MANUAL',
    "predictedPerformance" JSONB,
    "audienceInsights" JSONB,
    "attribution" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnalyticsSnapshot_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "Content" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnalyticsSnapshot_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnalyticsSnapshot_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AnalyticsSnapshot" ("attribution", "audienceInsights", "businessId", "campaignId", "clicks", "collectedAt", "comments", "contentId", "createdAt", "engagementRate", "id", "impressions", "likes", "platform", "predictedPerformance", "profileVisits", "reach", "saves", "shares", "views", "websiteClicks") SELECT "attribution", "audienceInsights", "businessId", "campaignId", "clicks", "collectedAt", "comments", "contentId", "createdAt", "engagementRate", "id", "impressions", "likes", "platform", "predictedPerformance", "profileVisits", "reach", "saves", "shares", "views", "websiteClicks" FROM "AnalyticsSnapshot";
DROP TABLE "AnalyticsSnapshot";
ALTER TABLE "new_AnalyticsSnapshot" RENAME TO "AnalyticsSnapshot";
CREATE INDEX "AnalyticsSnapshot_contentId_idx" ON "AnalyticsSnapshot"("contentId");
CREATE INDEX "AnalyticsSnapshot_collectedAt_idx" ON "AnalyticsSnapshot"("collectedAt");
CREATE INDEX "AnalyticsSnapshot_businessId_collectedAt_platform_idx" ON "AnalyticsSnapshot"("businessId", "collectedAt", "platform");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SocialAccount_businessId_platform_key" ON "SocialAccount"("businessId", "platform");
