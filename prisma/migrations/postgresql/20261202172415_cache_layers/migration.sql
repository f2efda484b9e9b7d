-- AlterTable
ALTER TABLE "AiCache" ADD COLUMN     "businessId" TEXT;

-- CreateTable
CREATE TABLE "CacheGeneration" (
    "scope" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CacheGeneration_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE INDEX "CacheGeneration_businessId_idx" ON "CacheGeneration"("businessId");

-- CreateIndex
CREATE INDEX "AiCache_businessId_idx" ON "AiCache"("businessId");

-- AddForeignKey
ALTER TABLE "AiCache" ADD CONSTRAINT "AiCache_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CacheGeneration" ADD CONSTRAINT "CacheGeneration_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
