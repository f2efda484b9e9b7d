-- CreateTable
CREATE TABLE "CacheGeneration" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CacheGeneration_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AiCache" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT,
    "value" JSONB NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AiCache_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AiCache" ("createdAt", "expiresAt", "key", "value") SELECT "createdAt", "expiresAt", "key", "value" FROM "AiCache";
DROP TABLE "AiCache";
ALTER TABLE "new_AiCache" RENAME TO "AiCache";
CREATE INDEX "AiCache_expiresAt_idx" ON "AiCache"("expiresAt");
CREATE INDEX "AiCache_businessId_idx" ON "AiCache"("businessId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CacheGeneration_businessId_idx" ON "CacheGeneration"("businessId");
