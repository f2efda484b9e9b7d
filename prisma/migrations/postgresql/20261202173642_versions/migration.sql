-- CreateEnum
CREATE TYPE "VersionedEntity" AS ENUM ('CAMPAIGN', 'CONTENT');

-- CreateEnum
CREATE TYPE "VersionSource" AS ENUM ('USER', 'AI', 'RULE', 'RESTORE');

-- CreateTable
CREATE TABLE "Version" (
    "id" TEXT NOT NULL,
    "entityType" "VersionedEntity" NOT NULL,
    "entityId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "source" "VersionSource" NOT NULL,
    "actorId" TEXT,
    "apiKeyId" TEXT,
    "ruleId" TEXT,
    "changedFields" JSONB NOT NULL,
    "previous" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Version_entityType_entityId_createdAt_idx" ON "Version"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "Version_businessId_idx" ON "Version"("businessId");

-- AddForeignKey
ALTER TABLE "Version" ADD CONSTRAINT "Version_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
