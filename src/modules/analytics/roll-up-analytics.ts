import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { nullableJsonUpdate } from '../../db/json.ts';
import type { AnalyticsDaily, AnalyticsSnapshot, Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { JobDefinition } from '../../jobs/job-queue.ts';

const DAY_MS = 86_400_000;
const CONTENTS_PER_PAGE = 100;
const SNAPSHOTS_PER_BATCH = 500;
const payload = z.object({});

type Counter = (typeof counters)[number];
const counters = ['impressions', 'reach', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks', 'profileVisits', 'websiteClicks'] as const;

const rolledFields = {
  id: true,
  contentId: true,
  businessId: true,
  campaignId: true,
  platform: true,
  collectedAt: true,
  impressions: true,
  reach: true,
  views: true,
  likes: true,
  comments: true,
  shares: true,
  saves: true,
  clicks: true,
  profileVisits: true,
  websiteClicks: true,
  engagementRate: true,
  attribution: true,
} as const satisfies Prisma.AnalyticsSnapshotSelect & Record<Counter, true>;

type Snapshot = Pick<AnalyticsSnapshot, keyof typeof rolledFields>;
/** A daily row as the roll-up computes it. */
type Daily = Omit<AnalyticsDaily, 'id' | 'createdAt' | 'updatedAt'>;

const countersOf = (from: Record<Counter, number>) => Object.fromEntries(counters.map((counter) => [counter, from[counter]])) as Record<Counter, number>;

/** Midnight UTC of the day a moment falls on. */
export const utcDayOf = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** One content's snapshots of one day, in collection order, as a daily row: the last one's values (they are cumulative). */
function dailyOf(snapshots: readonly Snapshot[]): Daily {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  return {
    contentId: last.contentId,
    businessId: last.businessId,
    campaignId: last.campaignId,
    platform: last.platform,
    day: utcDayOf(last.collectedAt),
    ...countersOf(last),
    engagementRate: last.engagementRate,
    attribution: last.attribution,
    snapshotCount: snapshots.length,
    firstCollectedAt: first.collectedAt,
    lastCollectedAt: last.collectedAt,
  };
}

/** A day rolled up in two parts (two batches, or two runs): the values of whichever part ends later (on a tie, the stored one). */
function merged(stored: Daily, added: Daily): Daily {
  const later = added.lastCollectedAt > stored.lastCollectedAt ? added : stored;
  return {
    ...later,
    snapshotCount: stored.snapshotCount + added.snapshotCount,
    firstCollectedAt: added.firstCollectedAt < stored.firstCollectedAt ? added.firstCollectedAt : stored.firstCollectedAt,
    lastCollectedAt: later.lastCollectedAt,
  };
}

const dayKey = (contentId: string, day: Date) => `${contentId}/${day.toISOString()}`;

/**
 * Folds snapshots (ordered by content, then collection) into their daily rows and deletes them,
 * in one transaction. The delete goes first and must remove every one of them: a concurrent run
 * that rolled some of them already makes this one roll back and fail (it is retried), so no
 * snapshot is ever counted twice. Returns how many daily rows it wrote.
 */
async function rollUpBatch(snapshots: readonly Snapshot[]): Promise<number> {
  const byDay = new Map<string, Snapshot[]>();
  for (const snapshot of snapshots) {
    const key = dayKey(snapshot.contentId, utcDayOf(snapshot.collectedAt));
    const day = byDay.get(key);
    if (day) day.push(snapshot);
    else byDay.set(key, [snapshot]);
  }
  const days = [...byDay.values()].map(dailyOf);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.analyticsSnapshot.deleteMany({ where: { id: { in: snapshots.map((snapshot) => snapshot.id) } } });
    if (count !== snapshots.length) throw new Error('Analytics snapshots were rolled up or deleted meanwhile; the roll-up will run again');
    const stored = await tx.analyticsDaily.findMany({ where: { OR: days.map(({ contentId, day }) => ({ contentId, day })) } });
    const storedByKey = new Map(stored.map(({ id, createdAt: _createdAt, updatedAt: _updatedAt, ...row }) => [dayKey(row.contentId, row.day), { id, row }]));
    const created: Daily[] = [];
    for (const day of days) {
      const existing = storedByKey.get(dayKey(day.contentId, day.day));
      if (!existing) {
        created.push(day);
        continue;
      }
      const { attribution, ...values } = merged(existing.row, day);
      await tx.analyticsDaily.update({ where: { id: existing.id }, data: { ...values, attribution: nullableJsonUpdate(attribution) } });
    }
    if (created.length) await tx.analyticsDaily.createMany({ data: created.map(({ attribution, ...values }) => ({ ...values, attribution: attribution ?? undefined })) });
  });
  return days.length;
}

/**
 * Rolls snapshots collected before `cutoff` into daily rows, content by content, keeping each
 * content's latest snapshot (what latestAnalytics and the performance history read).
 */
export async function rollUpAnalytics(cutoff: Date, signal: AbortSignal) {
  let snapshots = 0;
  let dailyRows = 0;
  let contents = 0;
  let after: string | undefined;
  for (;;) {
    const page = await prisma.analyticsSnapshot.groupBy({
      by: ['contentId'],
      where: { collectedAt: { lt: cutoff }, ...(after ? { contentId: { gt: after } } : {}) },
      orderBy: { contentId: 'asc' },
      take: CONTENTS_PER_PAGE,
    });
    if (!page.length) break;
    after = page[page.length - 1].contentId;
    const latest = await prisma.analyticsSnapshot.groupBy({
      by: ['contentId'],
      where: { contentId: { in: page.map((group) => group.contentId) } },
      _max: { collectedAt: true },
    });
    // Snapshots at a content's latest moment stay; of the older ones, those before the cutoff go.
    const rollable = latest.flatMap(({ contentId, _max }) =>
      _max.collectedAt ? [{ contentId, collectedAt: { lt: _max.collectedAt < cutoff ? _max.collectedAt : cutoff } }] : [],
    );
    const rolledContents = new Set<string>();
    for (;;) {
      signal.throwIfAborted();
      const batch = await prisma.analyticsSnapshot.findMany({
        where: { OR: rollable },
        orderBy: [{ contentId: 'asc' }, { collectedAt: 'asc' }, { id: 'asc' }],
        take: SNAPSHOTS_PER_BATCH,
        select: rolledFields,
      });
      if (!batch.length) break;
      dailyRows += await rollUpBatch(batch);
      snapshots += batch.length;
      for (const snapshot of batch) rolledContents.add(snapshot.contentId);
      if (batch.length < SNAPSHOTS_PER_BATCH) break;
    }
    contents += rolledContents.size;
  }
  return { snapshots, dailyRows, contents };
}

/**
 * Daily: analytics snapshots older than ANALYTICS_ROLLUP_AFTER_DAYS become one AnalyticsDaily row
 * per content and UTC day. Idempotent: rolled snapshots are deleted in the transaction that
 * counts them, and a day met again (a later batch or run) is merged into its row, not added twice.
 */
export const rollUpAnalyticsJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'roll-up-analytics',
  payload,
  schedule: '20 3 * * *',
  maxAttempts: 3,
  retryDelaySeconds: 60,
  // A first run may find months of snapshots; each batch it finishes stays done.
  leaseFactor: 6,
  concurrency: 1,
  async run(app: AppContext, _payload, { signal }) {
    const cutoff = new Date(app.clock.now().getTime() - app.config.ANALYTICS_ROLLUP_AFTER_DAYS * DAY_MS);
    const rolled = await rollUpAnalytics(cutoff, signal);
    app.logger.info({ job: rollUpAnalyticsJob.name, ...rolled, cutoff }, 'rolled up old analytics snapshots');
  },
};
