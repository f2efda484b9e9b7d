-- CreateTable
CREATE TABLE "Version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actorId" TEXT,
    "apiKeyId" TEXT,
    "ruleId" TEXT,
    "changedFields" JSONB NOT NULL,
    "previous" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Version_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Version_entityType_entityId_createdAt_idx" ON "Version"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "Version_businessId_idx" ON "Version"("businessId");
