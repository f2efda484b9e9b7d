import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../graphql/context.ts';
import { findOwnedContent } from '../../auth/tenancy.ts';
import { type History, predictPerformance } from '../../domain/performance.ts';

type ContentQuery = Pick<Prisma.ContentDefaultArgs, 'include' | 'select'>;

const minutesOfDay = (date: Date) => date.getUTCHours() * 60 + date.getUTCMinutes();
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The business's mean engagement on the platform, from each measured content's latest snapshot. */
async function historyOf(businessId: string, platform: string, excludeContentId: string): Promise<History> {
  const snapshots = await prisma.analyticsSnapshot.findMany({
    where: { businessId, platform: platform as never, contentId: { not: excludeContentId } },
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
export async function predictContentPerformance({ viewer, id, query }: { viewer: Viewer | null; id: string; query?: ContentQuery }) {
  const content = await findOwnedContent(viewer, id);
  const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: content.campaignId }, select: { optimalTimes: true } });
  const media = content.media as { imageUrl?: string | null; videoUrl?: string | null } | null;
  const optimalTimes = campaign.optimalTimes as string[];
  const prediction = predictPerformance(
    {
      platform: content.platform,
      contentType: content.contentType,
      caption: content.caption,
      hashtags: content.hashtags as string[],
      hasMedia: Boolean(media?.imageUrl || media?.videoUrl),
      hasScript: Boolean(content.script),
      hasTitle: Boolean(content.title),
      atOptimalTime:
        content.scheduledAt && optimalTimes.length
          ? optimalTimes.some((time) => Math.abs(minutesOf(time) - minutesOfDay(content.scheduledAt as Date)) <= 60)
          : null,
    },
    await historyOf(content.businessId, content.platform, id),
  );
  return prisma.content.update({
    ...query,
    where: { id },
    data: { predictedPerformance: { ...prediction, predictedAt: new Date().toISOString() } },
  });
}
