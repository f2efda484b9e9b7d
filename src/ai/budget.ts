import { prisma } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { BudgetExceededError } from '../domain/errors.ts';
import type { AiRuntime } from './runtime.ts';

// A business's monthly AI spend is a ledger row per month. A provider call first reserves what it
// can cost at most, with one conditional UPDATE (atomic on both databases: concurrent calls are
// admitted one at a time), and settles to what it did cost when it is logged. A reservation a
// crashed process never settled stops counting after STALE_AFTER_MS.

const STALE_AFTER_MS = 60 * 60_000;

export interface Reservation {
  businessId: string;
  month: string;
  estimateUsd: number;
}

export const monthOf = (now: Date) => now.toISOString().slice(0, 7);
export const startOfMonthUtc = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** The ledger row of the month, created from the AI log the first time (spend before it existed counts). */
async function ensurePeriod(businessId: string, now: Date) {
  const month = monthOf(now);
  const existing = await prisma.aiBudgetPeriod.findUnique({ where: { businessId_month: { businessId, month } } });
  if (existing) return existing;
  const { _sum } = await prisma.aiLog.aggregate({ _sum: { costUsd: true }, where: { businessId, createdAt: { gte: startOfMonthUtc(now) } } });
  return prisma.aiBudgetPeriod.create({ data: { businessId, month, spentUsd: _sum.costUsd ?? 0 } }).catch(async (error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    return prisma.aiBudgetPeriod.findUniqueOrThrow({ where: { businessId_month: { businessId, month } } });
  });
}

const liveReserved = (period: { reservedUsd: number; reservedAt: number }, now: Date) =>
  period.reservedAt < now.getTime() - STALE_AFTER_MS ? 0 : period.reservedUsd;

/** Refuses with BUDGET_EXCEEDED once what the business spent (and has reserved) this month reaches its plan's budget. */
export async function checkMonthlyBudget(ai: AiRuntime, business: { id: string; plan: keyof AiRuntime['budgets'] }, now = new Date()): Promise<void> {
  const budgetUsd = ai.budgets[business.plan];
  const period = await ensurePeriod(business.id, now);
  const reserved = liveReserved(period, now);
  if (period.spentUsd + reserved >= budgetUsd) throw new BudgetExceededError(budgetUsd, period.spentUsd, reserved);
}

/** Holds `estimateUsd` of the business's budget for one call, or refuses with BUDGET_EXCEEDED. */
export async function reserveBudget(ai: AiRuntime, businessId: string, estimateUsd: number, now = new Date()): Promise<Reservation> {
  const business = await prisma.business.findUniqueOrThrow({ where: { id: businessId }, select: { plan: true } });
  const budgetUsd = ai.budgets[business.plan];
  const period = await ensurePeriod(businessId, now);
  const staleBefore = now.getTime() - STALE_AFTER_MS;
  const reserved = await prisma.$executeRaw`
    UPDATE "AiBudgetPeriod"
    SET "reservedUsd" = (CASE WHEN "reservedAt" < ${staleBefore} THEN 0 ELSE "reservedUsd" END) + ${estimateUsd},
        "reservedAt" = ${now.getTime()}
    WHERE "businessId" = ${businessId} AND "month" = ${period.month}
      AND "spentUsd" + (CASE WHEN "reservedAt" < ${staleBefore} THEN 0 ELSE "reservedUsd" END) < ${budgetUsd}
      AND "spentUsd" + (CASE WHEN "reservedAt" < ${staleBefore} THEN 0 ELSE "reservedUsd" END) + ${estimateUsd} <= ${budgetUsd}`;
  if (reserved === 0) {
    const latest = await prisma.aiBudgetPeriod.findUniqueOrThrow({ where: { businessId_month: { businessId, month: period.month } } });
    throw new BudgetExceededError(budgetUsd, latest.spentUsd, liveReserved(latest, now), estimateUsd);
  }
  return { businessId, month: period.month, estimateUsd };
}

/** The statement that turns a reservation into what the call cost (run with the AI log row). */
export const settleBudget = ({ businessId, month, estimateUsd }: Reservation, costUsd: number) => prisma.$executeRaw`
  UPDATE "AiBudgetPeriod"
  SET "spentUsd" = "spentUsd" + ${costUsd},
      "reservedUsd" = CASE WHEN "reservedUsd" > ${estimateUsd} THEN "reservedUsd" - ${estimateUsd} ELSE 0 END
  WHERE "businessId" = ${businessId} AND "month" = ${month}`;
