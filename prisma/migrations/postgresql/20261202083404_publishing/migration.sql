-- CreateEnum
CREATE TYPE "SocialProvider" AS ENUM ('OFFLINE', 'WEBHOOK', 'AYRSHARE');

-- CreateEnum
CREATE TYPE "SocialAccountStatus" AS ENUM ('CONNECTED', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "SnapshotSource" AS ENUM ('MANUAL', 'OFFLINE', 'AYRSHARE');

-- AlterTable
ALTER TABLE "AnalyticsSnapshot" ADD COLUMN     "source" "SnapshotSource" NOT NULL DEFAULT 'MANUAL';

-- AlterTable
ALTER TABLE "Content" ADD COLUMN     "platformPostId" TEXT;

-- CreateTable
CREATE TABLE "SocialAccount" (
    "id" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "provider" "SocialProvider" NOT NULL,
    "handle" TEXT NOT NULL,
    "status" "SocialAccountStatus" NOT NULL DEFAULT 'CONNECTED',
    "url" TEXT,
    "secret" TEXT,
    "lastError" TEXT,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SocialAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SocialAccount_businessId_platform_key" ON "SocialAccount"("businessId", "platform");

-- AddForeignKey
ALTER TABLE "SocialAccount" ADD CONSTRAINT "SocialAccount_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
