import type { DatabaseProvider } from '../../db/prisma-schema.ts';
import { raw } from '../../db/raw-sql.ts';

export type Period = 'DAY' | 'WEEK' | 'MONTH';

// DateTime columns are ISO text on SQLite and `timestamp(3)` (UTC) on PostgreSQL. Both render a
// bucket as the 'YYYY-MM-DD' of its first day in UTC; weeks start on Monday (ISO) on both.
const sqliteBucket: Record<Period, (column: string) => string> = {
  DAY: (column) => `strftime('%Y-%m-%d', ${column})`,
  // 'weekday 0' moves forward to the coming Sunday (or stays on one); six days back is its Monday.
  WEEK: (column) => `date(${column}, 'weekday 0', '-6 days')`,
  MONTH: (column) => `strftime('%Y-%m-01', ${column})`,
};
const postgresUnit: Record<Period, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month' };

export function dialectOf(provider: DatabaseProvider) {
  const sqlite = provider === 'sqlite';
  return {
    /** The first day of the UTC period a timestamp column falls in, as 'YYYY-MM-DD'. */
    bucket: (period: Period, column: string) =>
      raw(sqlite ? sqliteBucket[period](column) : `to_char(date_trunc('${postgresUnit[period]}', ${column}), 'YYYY-MM-DD')`),
    /** The UTC hour (0–23) of a timestamp column. */
    hourOf: (column: string) => raw(sqlite ? `CAST(strftime('%H', ${column}) AS INTEGER)` : `CAST(EXTRACT(HOUR FROM ${column}) AS INTEGER)`),
    /** A number inside a Json column (null when absent). */
    jsonNumber: (column: string, key: string) =>
      raw(sqlite ? `CAST(json_extract(${column}, '$.${key}') AS REAL)` : `CAST((${column}->>'${key}') AS DOUBLE PRECISION)`),
  };
}

const DAY_MS = 86_400_000;

/** The JavaScript twin of `bucket`: the first UTC day of the period `at` falls in. */
export function bucketStart(period: Period, at: Date): Date {
  const day = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
  if (period === 'DAY') return day;
  if (period === 'WEEK') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
}

/** The start of the period after the one starting at `start`. */
export function nextBucket(period: Period, start: Date): Date {
  if (period === 'DAY') return new Date(start.getTime() + DAY_MS);
  if (period === 'WEEK') return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** The start of the period before the one starting at `start`. */
export function previousBucket(period: Period, start: Date): Date {
  if (period === 'DAY') return new Date(start.getTime() - DAY_MS);
  if (period === 'WEEK') return new Date(start.getTime() - 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
}

export const bucketLabel = (start: Date) => start.toISOString().slice(0, 10);
