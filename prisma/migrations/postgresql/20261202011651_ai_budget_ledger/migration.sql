-- CreateTable
CREATE TABLE "AiBudgetPeriod" (
    "businessId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "spentUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reservedUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reservedAt" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "AiBudgetPeriod_pkey" PRIMARY KEY ("businessId","month")
);

-- AddForeignKey
ALTER TABLE "AiBudgetPeriod" ADD CONSTRAINT "AiBudgetPeriod_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
