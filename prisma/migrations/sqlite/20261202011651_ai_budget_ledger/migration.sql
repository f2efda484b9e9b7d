-- CreateTable
CREATE TABLE "AiBudgetPeriod" (
    "businessId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "spentUsd" REAL NOT NULL DEFAULT 0,
    "reservedUsd" REAL NOT NULL DEFAULT 0,
    "reservedAt" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("businessId", "month"),
    CONSTRAINT "AiBudgetPeriod_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
