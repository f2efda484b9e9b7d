-- CreateTable
CREATE TABLE "AiLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "businessId" TEXT,
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
    CONSTRAINT "AiLog_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "resultId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdempotencyKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Business" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "description" TEXT,
    "targetAudience" JSONB,
    "brandVoice" TEXT,
    "contentPreferences" JSONB,
    "plan" TEXT NOT NULL DEFAULT 'FREE',
    "autoReplyThreshold" REAL NOT NULL DEFAULT 0.85,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Business_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Business" ("brandVoice", "contentPreferences", "createdAt", "description", "id", "industry", "name", "ownerId", "plan", "targetAudience", "updatedAt") SELECT "brandVoice", "contentPreferences", "createdAt", "description", "id", "industry", "name", "ownerId", "plan", "targetAudience", "updatedAt" FROM "Business";
DROP TABLE "Business";
ALTER TABLE "new_Business" RENAME TO "Business";
CREATE INDEX "Business_ownerId_idx" ON "Business"("ownerId");
CREATE INDEX "Business_industry_createdAt_idx" ON "Business"("industry", "createdAt");
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
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("actualCost", "businessId", "campaignType", "contentCalendar", "contentStyle", "createdAt", "createdById", "ctaPattern", "durationDays", "endDate", "estimatedCost", "goal", "hashtagStrategy", "id", "name", "optimalTimes", "postingFrequency", "startDate", "status", "strategySummary", "targetPlatforms", "updatedAt", "visualStyle") SELECT "actualCost", "businessId", "campaignType", "contentCalendar", "contentStyle", "createdAt", "createdById", "ctaPattern", "durationDays", "endDate", "estimatedCost", "goal", "hashtagStrategy", "id", "name", "optimalTimes", "postingFrequency", "startDate", "status", "strategySummary", "targetPlatforms", "updatedAt", "visualStyle" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_businessId_idx" ON "Campaign"("businessId");
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");
CREATE TABLE "new_Content" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "title" TEXT,
    "caption" TEXT NOT NULL,
    "hashtags" JSONB NOT NULL,
    "mentions" JSONB NOT NULL,
    "media" JSONB,
    "script" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "scheduledAt" DATETIME,
    "publishedAt" DATETIME,
    "postUrl" TEXT,
    "errorMessage" TEXT,
    "aiMetadata" JSONB,
    "predictedPerformance" JSONB,
    "revisionCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Content_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Content_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Content" ("aiMetadata", "businessId", "campaignId", "caption", "contentType", "createdAt", "day", "errorMessage", "hashtags", "id", "media", "mentions", "platform", "postUrl", "publishedAt", "scheduledAt", "script", "status", "title", "updatedAt") SELECT "aiMetadata", "businessId", "campaignId", "caption", "contentType", "createdAt", "day", "errorMessage", "hashtags", "id", "media", "mentions", "platform", "postUrl", "publishedAt", "scheduledAt", "script", "status", "title", "updatedAt" FROM "Content";
DROP TABLE "Content";
ALTER TABLE "new_Content" RENAME TO "Content";
CREATE INDEX "Content_campaignId_idx" ON "Content"("campaignId");
CREATE INDEX "Content_businessId_idx" ON "Content"("businessId");
CREATE INDEX "Content_status_idx" ON "Content"("status");
CREATE INDEX "Content_scheduledAt_idx" ON "Content"("scheduledAt");
CREATE INDEX "Content_businessId_status_scheduledAt_idx" ON "Content"("businessId", "status", "scheduledAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AiLog_businessId_createdAt_idx" ON "AiLog"("businessId", "createdAt");

-- CreateIndex
CREATE INDEX "AiLog_userId_createdAt_idx" ON "AiLog"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AiLog_feature_createdAt_idx" ON "AiLog"("feature", "createdAt");

-- CreateIndex
CREATE INDEX "AiLog_status_createdAt_idx" ON "AiLog"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AiLog_promptSha256_idx" ON "AiLog"("promptSha256");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyKey_userId_key_key" ON "IdempotencyKey"("userId", "key");
