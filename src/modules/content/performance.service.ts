import { findContentFor } from '../../auth/tenancy.ts';
import { invalidateRollups } from '../analytics/rollup-invalidation.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { notFoundIfMissing } from '../../db/errors.ts';
import type { Platform } from '../../domain/enums.ts';
import { type History, predictPerformance } from '../../domain/performance.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;

const minutesOfDay = (date: Date) => date.getUTCHours() * 60 + date.getUTCMinutes();
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The business's mean engagement on the platform, from each measured content's latest snapshot. */
async function historyOf(businessId: string, platform: Platform, excludeContentId: string): Promise<History> {
  const snapshots = await prisma.analyticsSnapshot.findMany({
    where: { businessId, platform, contentId: { not: excludeContentId } },
    orderBy: [{ collectedAt: 'desc' }],
    distinct: ['contentId'],
    select: { engagementRate: true },
    take: 200,
  });
  const samples = snapshots.length;
  const platformEngagementRate = samples ? snapshots.reduce((sum, s) => sum + s.engagementRate, 0) / samples : 0;
  return { platformEngagementRate, samples };
}

/** Scores a content item 0–100 with a confidence, stores it on the content and returns the content. */
export async function predictContentPerformance(ctx: ServiceContext, { id, query }: { id: string; query?: ContentQuery }) {
  const content = await findContentFor(ctx.viewer, id, 'generate');
  // Either may be deleted (or trashed) since findContentFor read the content: NOT_FOUND, not a fault.
  const { optimalTimes } = await prisma.campaign
    .findUniqueOrThrow({ where: { id: content.campaignId }, select: { optimalTimes: true } })
    .catch(notFoundIfMissing('Content'));
  const { scheduledAt } = content;
  const prediction = predictPerformance(
    {
      platform: content.platform,
      contentType: content.contentType,
      caption: content.caption,
      hashtags: content.hashtags,
      hasMedia: Boolean(content.media?.imageUrl || content.media?.videoUrl),
      hasScript: Boolean(content.script),
      hasTitle: Boolean(content.title),
      atOptimalTime:
        scheduledAt && optimalTimes.length ? optimalTimes.some((time) => Math.abs(minutesOf(time) - minutesOfDay(scheduledAt)) <= 60) : null,
    },
    await historyOf(content.businessId, content.platform, id),
  );
  const updated = await prisma.content.update({
    ...query,
    where: { id },
    data: { predictedPerformance: { ...prediction, predictedAt: ctx.app.clock.now().toISOString() } },
  }).catch(notFoundIfMissing('Content'));
  // Predicted against actual scores in its campaign's performance.
  await invalidateRollups(ctx.app, content);
  return updated;
}
