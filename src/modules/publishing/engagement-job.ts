import { z } from 'zod';
import { announceAnomalies } from '../analytics/anomalies.service.ts';
import { invalidateRollups } from '../analytics/rollup-invalidation.ts';
import type { AppContext } from '../../context.ts';
import type { Config } from '../../config.ts';
import { prisma } from '../../db/client.ts';
import { engagementRateOf } from '../../domain/engagement.ts';
import type { SnapshotSource, SocialProvider } from '../../domain/enums.ts';
import type { JobDefinition, Transaction } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { publisherFor } from './publishers.ts';

const HOUR_MS = 3_600_000;
const payload = z.object({ contentId: z.string(), round: z.number().int().min(0) });

/** The source a snapshot is labelled with: the provider whose metrics were read (WEBHOOK reads none). */
const snapshotSources: Partial<Record<SocialProvider, SnapshotSource>> = { OFFLINE: 'OFFLINE', AYRSHARE: 'AYRSHARE' };

/** Hours after publishing at which engagement is read: the configured ones, then daily to the last day. */
export function collectionHours(config: Pick<Config, 'ENGAGEMENT_COLLECTION_HOURS' | 'ENGAGEMENT_COLLECTION_DAYS'>): number[] {
  const hours = [...new Set(config.ENGAGEMENT_COLLECTION_HOURS)].sort((a, b) => a - b);
  const last = hours.at(-1) ?? 0;
  for (let day = Math.floor(last / 24) + 1; day <= config.ENGAGEMENT_COLLECTION_DAYS; day++) hours.push(day * 24);
  return hours;
}

/**
 * Reads a published post's metrics from its provider and appends a snapshot (source: the
 * provider), then plans the next reading, in one transaction. A round that already has its
 * snapshot is not read again, so a run repeated after a crash adds nothing twice. Provider errors
 * are retried, then logged.
 */
export const collectEngagementJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'collect-engagement',
  payload,
  maxAttempts: 5,
  retryDelaySeconds: 60,
  concurrency: 4,
  async run(app, { contentId, round }, run) {
    const content = await prisma.content.findUnique({ where: { id: contentId } });
    if (!content || content.status !== 'PUBLISHED' || !content.publishedAt || !content.platformPostId) return;
    const { publishedAt, platformPostId } = content;
    const dueAt = new Date(publishedAt.getTime() + collectionHours(app.config)[round]! * HOUR_MS);
    const account = await prisma.socialAccount.findFirst({ where: { businessId: content.businessId, platform: content.platform, status: 'CONNECTED' } });
    const read = account && publisherFor(account.provider, app.config).metrics;
    const source = account && snapshotSources[account.provider];
    if (!account || !read || !source) return app.logger.info({ contentId }, 'engagement collection stopped: no account that reports metrics');
    try {
      const now = app.clock.now();
      const metrics = await read(account, { contentId, platformPostId, publishedAt }, now, run.signal);
      const snapshot = await writeWithJobs(app, async (tx) => {
        // The next round is planned either way: a late reading may already count for this one.
        await planRound(tx, app, contentId, publishedAt, round + 1);
        const collected = await tx.analyticsSnapshot.findFirst({ where: { contentId, source, collectedAt: { gte: dueAt } } });
        if (collected) return null;
        const created = await tx.analyticsSnapshot.create({
          data: {
            ...metrics,
            engagementRate: engagementRateOf(metrics),
            source,
            collectedAt: now,
            contentId,
            businessId: content.businessId,
            campaignId: content.campaignId,
            platform: content.platform,
          },
        });
        return created;
      });
      if (snapshot) await invalidateRollups(app, content);
      if (snapshot) {
        app.events.publish('analyticsUpdated', { businessId: content.businessId, campaignId: content.campaignId, contentId, snapshotId: snapshot.id, actorId: null });
        announceAnomalies(app, { businessId: content.businessId, campaignId: content.campaignId, contentId });
      }
    } catch (error) {
      app.logger.warn({ err: error, contentId, round, attempt: run.attempt }, 'could not collect engagement');
      throw error;
    }
  },
};

async function planRound(tx: Transaction, app: Pick<AppContext, 'jobs' | 'config'>, contentId: string, publishedAt: Date, round: number) {
  const hours = collectionHours(app.config)[round];
  if (hours === undefined) return;
  const runAt = new Date(publishedAt.getTime() + hours * HOUR_MS);
  await app.jobs.enqueue(tx, collectEngagementJob, { contentId, round }, { runAt, key: `${contentId}:${round}` });
}

/** The first reading of a post just published; each reading plans the next. */
export const planEngagementCollection = (tx: Transaction, app: Pick<AppContext, 'jobs' | 'config'>, contentId: string, publishedAt: Date) =>
  planRound(tx, app, contentId, publishedAt, 0);
