import cronParser from 'cron-parser';

// pg-boss sends a recurring job when its latest occurrence is less than a minute old; the SQLite
// runner does the same, so a schedule behaves alike on both databases.
const CATCH_UP_MS = 60_000;

/** Checks a cron expression (UTC), throwing on a bad one. */
export function checkSchedule(cron: string): void {
  cronParser.parseExpression(cron, { tz: 'UTC' });
}

/**
 * When a recurring job is next due: its next occurrence, or now when `catchUp` and an occurrence
 * passed less than a minute ago (a server that starts at 03:00:20 still runs the 03:00 job).
 */
export function nextDue(cron: string, now: Date, { catchUp }: { catchUp: boolean }): Date {
  const interval = cronParser.parseExpression(cron, { tz: 'UTC', currentDate: now });
  if (catchUp && now.getTime() - interval.prev().getTime() < CATCH_UP_MS) return now;
  interval.reset(now);
  return interval.next().toDate();
}
