import { randomUUID } from 'node:crypto';
import { prisma } from '../../src/db/client.ts';

/** The database id inside a Relay global ID (base64 of "Type:id"). */
export function localIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':').slice(1).join(':');
}

/** A 30-day brand awareness campaign named after its index, as a row to write straight to the database. */
export const campaignRow = (businessId: string, c: number) => ({
  id: randomUUID(),
  businessId,
  name: `Campaign ${c}`,
  goal: 'Grow',
  campaignType: 'BRAND_AWARENESS' as const,
  durationDays: 30,
  contentCalendar: [],
  targetPlatforms: [],
  optimalTimes: [],
});

/** A plain Instagram post for day i + 1 of a campaign, as a row to write straight to the database. */
export const contentRow = (campaign: { id: string; businessId: string }, i: number) => ({
  id: randomUUID(),
  campaignId: campaign.id,
  businessId: campaign.businessId,
  day: i + 1,
  platform: 'INSTAGRAM' as const,
  contentType: 'POST' as const,
  caption: `Post ${i}`,
  hashtags: [],
  mentions: [],
});

/** Writes a businesses → campaigns → contents → 2 snapshots graph straight to the database. */
export async function seedGraph(ownerId: string, businesses: number, campaigns: number, contents: number) {
  const businessRows = Array.from({ length: businesses }, (_, b) => ({
    id: randomUUID(),
    ownerId,
    name: `Business ${b}`,
    industry: 'RETAIL' as const,
  }));
  const campaignRows = businessRows.flatMap((business) =>
    Array.from({ length: campaigns }, (_, c) => campaignRow(business.id, c)),
  );
  const contentRows = campaignRows.flatMap((campaign) => Array.from({ length: contents }, (_, i) => contentRow(campaign, i)));
  const snapshotRows = contentRows.flatMap((content) =>
    [1, 2].map((likes) => ({
      contentId: content.id,
      businessId: content.businessId,
      campaignId: content.campaignId,
      platform: 'INSTAGRAM' as const,
      collectedAt: new Date(Date.now() - (3 - likes) * 3_600_000),
      likes,
    })),
  );
  await prisma.business.createMany({ data: businessRows });
  await prisma.membership.createMany({ data: businessRows.map((business) => ({ businessId: business.id, userId: ownerId, role: 'OWNER' as const })) });
  await prisma.campaign.createMany({ data: campaignRows });
  await prisma.content.createMany({ data: contentRows });
  await prisma.analyticsSnapshot.createMany({ data: snapshotRows });
}
