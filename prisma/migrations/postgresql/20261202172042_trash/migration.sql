-- CreateEnum
CREATE TYPE "TrashKind" AS ENUM ('BUSINESS', 'CAMPAIGN', 'CONTENT', 'MESSAGE');

-- CreateTable
CREATE TABLE "TrashItem" (
    "id" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "kind" "TrashKind" NOT NULL,
    "entityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "deletedById" TEXT,
    "ownerId" TEXT,
    "permission" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL,
    "purgeAt" TIMESTAMP(3) NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,

    CONSTRAINT "TrashItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrashItem_businessId_deletedAt_idx" ON "TrashItem"("businessId", "deletedAt");

-- CreateIndex
CREATE INDEX "TrashItem_ownerId_kind_idx" ON "TrashItem"("ownerId", "kind");

-- CreateIndex
CREATE INDEX "TrashItem_purgeAt_idx" ON "TrashItem"("purgeAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrashItem_kind_entityId_key" ON "TrashItem"("kind", "entityId");

-- AddForeignKey
ALTER TABLE "TrashItem" ADD CONSTRAINT "TrashItem_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrashItem" ADD CONSTRAINT "TrashItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
