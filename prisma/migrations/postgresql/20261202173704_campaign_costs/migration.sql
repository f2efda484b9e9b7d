-- CreateEnum
CREATE TYPE "CampaignCostKind" AS ENUM ('POSTING', 'ADJUSTMENT');

-- AlterTable
ALTER TABLE "AiLog" ADD COLUMN     "campaignId" TEXT;

-- CreateTable
CREATE TABLE "CampaignCost" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "kind" "CampaignCostKind" NOT NULL,
    "amountUsd" DOUBLE PRECISION NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignCost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CampaignCost_campaignId_kind_idx" ON "CampaignCost"("campaignId", "kind");

-- CreateIndex
CREATE INDEX "CampaignCost_businessId_idx" ON "CampaignCost"("businessId");

-- CreateIndex
CREATE INDEX "AiLog_campaignId_idx" ON "AiLog"("campaignId");

-- AddForeignKey
ALTER TABLE "AiLog" ADD CONSTRAINT "AiLog_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCost" ADD CONSTRAINT "CampaignCost_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCost" ADD CONSTRAINT "CampaignCost_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
