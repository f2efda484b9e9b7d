-- AlterTable
ALTER TABLE "SocialAccount" ADD COLUMN     "profileKey" TEXT;
