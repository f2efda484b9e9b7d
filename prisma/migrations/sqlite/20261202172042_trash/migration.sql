-- CreateTable
CREATE TABLE "TrashItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "deletedById" TEXT,
    "ownerId" TEXT,
    "permission" TEXT NOT NULL,
    "deletedAt" DATETIME NOT NULL,
    "purgeAt" DATETIME NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,
    CONSTRAINT "TrashItem_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "TrashItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TrashItem_businessId_deletedAt_idx" ON "TrashItem"("businessId", "deletedAt");

-- CreateIndex
CREATE INDEX "TrashItem_ownerId_kind_idx" ON "TrashItem"("ownerId", "kind");

-- CreateIndex
CREATE INDEX "TrashItem_purgeAt_idx" ON "TrashItem"("purgeAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrashItem_kind_entityId_key" ON "TrashItem"("kind", "entityId");
