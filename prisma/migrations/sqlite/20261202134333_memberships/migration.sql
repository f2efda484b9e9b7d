-- AlterTable
ALTER TABLE "Business" ADD COLUMN "requireApproval" BOOLEAN;

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Membership_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "platformPostId" TEXT,
    "errorMessage" TEXT,
    "aiMetadata" JSONB,
    "predictedPerformance" JSONB,
    "revisionCount" INTEGER NOT NULL DEFAULT 0,
    "primaryCategoryId" TEXT,
    "categoryConfidence" REAL,
    "categorySource" TEXT,
    "sentiment" TEXT,
    "qualityScore" REAL,
    "taggedAt" DATETIME,
    "taggingInputSha256" TEXT,
    "approvedById" TEXT,
    "approvedAt" DATETIME,
    "approvalComment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Content_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Content_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Content_primaryCategoryId_fkey" FOREIGN KEY ("primaryCategoryId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Content_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Content" ("aiMetadata", "businessId", "campaignId", "caption", "categoryConfidence", "categorySource", "contentType", "createdAt", "day", "errorMessage", "hashtags", "id", "media", "mentions", "platform", "platformPostId", "postUrl", "predictedPerformance", "primaryCategoryId", "publishedAt", "qualityScore", "revisionCount", "scheduledAt", "script", "sentiment", "status", "taggedAt", "taggingInputSha256", "title", "updatedAt") SELECT "aiMetadata", "businessId", "campaignId", "caption", "categoryConfidence", "categorySource", "contentType", "createdAt", "day", "errorMessage", "hashtags", "id", "media", "mentions", "platform", "platformPostId", "postUrl", "predictedPerformance", "primaryCategoryId", "publishedAt", "qualityScore", "revisionCount", "scheduledAt", "script", "sentiment", "status", "taggedAt", "taggingInputSha256", "title", "updatedAt" FROM "Content";
DROP TABLE "Content";
ALTER TABLE "new_Content" RENAME TO "Content";
CREATE INDEX "Content_campaignId_idx" ON "Content"("campaignId");
CREATE INDEX "Content_primaryCategoryId_idx" ON "Content"("primaryCategoryId");
CREATE INDEX "Content_businessId_idx" ON "Content"("businessId");
CREATE INDEX "Content_businessId_primaryCategoryId_idx" ON "Content"("businessId", "primaryCategoryId");
CREATE INDEX "Content_status_idx" ON "Content"("status");
CREATE INDEX "Content_scheduledAt_idx" ON "Content"("scheduledAt");
CREATE INDEX "Content_businessId_status_scheduledAt_idx" ON "Content"("businessId", "status", "scheduledAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_businessId_userId_key" ON "Membership"("businessId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_businessId_createdAt_idx" ON "Invitation"("businessId", "createdAt");

-- Every existing business's owner becomes its OWNER member.
INSERT INTO "Membership" ("id", "businessId", "userId", "role", "createdAt", "updatedAt")
SELECT 'owner_' || "id", "id", "ownerId", 'OWNER', "createdAt", "createdAt" FROM "Business";
