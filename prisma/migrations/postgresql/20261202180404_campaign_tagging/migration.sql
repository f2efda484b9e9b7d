-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "categoryConfidence" DOUBLE PRECISION,
ADD COLUMN     "primaryCategoryId" TEXT,
ADD COLUMN     "taggedAt" TIMESTAMP(3),
ADD COLUMN     "tags" JSONB;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_primaryCategoryId_fkey" FOREIGN KEY ("primaryCategoryId") REFERENCES "Category"("id") ON DELETE SET NULL ON UPDATE CASCADE;
