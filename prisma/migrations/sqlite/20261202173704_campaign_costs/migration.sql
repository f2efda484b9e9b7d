-- CreateTable
CREATE TABLE "CampaignCost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountUsd" REAL NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CampaignCost_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignCost_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AiLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "businessId" TEXT,
    "campaignId" TEXT,
    "feature" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" REAL NOT NULL DEFAULT 0,
    "promptSha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errorMessage" TEXT,
    "responseTimeMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AiLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AiLog_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AiLog_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AiLog" ("businessId", "completionTokens", "costUsd", "createdAt", "errorMessage", "feature", "id", "model", "promptSha256", "promptTokens", "provider", "responseTimeMs", "status", "userId") SELECT "businessId", "completionTokens", "costUsd", "createdAt", "errorMessage", "feature", "id", "model", "promptSha256", "promptTokens", "provider", "responseTimeMs", "status", "userId" FROM "AiLog";
DROP TABLE "AiLog";
ALTER TABLE "new_AiLog" RENAME TO "AiLog";
CREATE INDEX "AiLog_businessId_createdAt_idx" ON "AiLog"("businessId", "createdAt");
CREATE INDEX "AiLog_userId_createdAt_idx" ON "AiLog"("userId", "createdAt");
CREATE INDEX "AiLog_feature_createdAt_idx" ON "AiLog"("feature", "createdAt");
CREATE INDEX "AiLog_status_createdAt_idx" ON "AiLog"("status", "createdAt");
CREATE INDEX "AiLog_promptSha256_idx" ON "AiLog"("promptSha256");
CREATE INDEX "AiLog_campaignId_idx" ON "AiLog"("campaignId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CampaignCost_campaignId_kind_idx" ON "CampaignCost"("campaignId", "kind");

-- CreateIndex
CREATE INDEX "CampaignCost_businessId_idx" ON "CampaignCost"("businessId");
