// Fills a demo account: one business with campaigns, contents at several pipeline stages and a
// week of analytics. Re-running replaces the demo account. Uses DATABASE_URL like the server.
import { createApp } from '../src/app.ts';
import { hashPassword } from '../src/auth/password.ts';
import { loadConfig } from '../src/config.ts';
import { prisma } from '../src/db/client.ts';
import type { ContentStatus } from '../src/domain/enums.ts';
import { createLogger } from '../src/logger.ts';
import { recordEngagement } from '../src/modules/analytics/analytics.service.ts';
import { createBusiness } from '../src/modules/business/business.service.ts';
import { createCampaign, transitionCampaign } from '../src/modules/campaign/campaign.service.ts';
import { createContent, transitionContent } from '../src/modules/content/content.service.ts';
import { connectSocialAccount } from '../src/modules/publishing/social-account.service.ts';
import { receiveMessage } from '../src/modules/message/message.service.ts';
import { runTaggingPipeline } from '../src/modules/tagging/tagging-pipeline.ts';

const DEMO_EMAIL = 'demo@herald.local';
const DEMO_PASSWORD = 'herald-demo-password';
const DAY_MS = 86_400_000;
const mediaFor = (platform: string) =>
  platform === 'FACEBOOK' ? null : { videoUrl: 'https://cdn.example.com/demo/workout.mp4', thumbnailUrl: 'https://cdn.example.com/demo/workout.jpg' };

// Customer messages get their replies drafted by the configured provider (offline by default).
// Tagging runs at the end, in this process, instead of in the background.
const app = await createApp(loadConfig({ ...process.env, AUTO_TAGGING: 'false' }), createLogger('warn'));

await prisma.user.deleteMany({ where: { email: DEMO_EMAIL } });
const user = await prisma.user.create({
  data: { email: DEMO_EMAIL, fullName: 'Demo Owner', passwordHash: await hashPassword(DEMO_PASSWORD) },
});
const ctx = { app, viewer: { id: user.id, role: user.role } };

const business = await createBusiness(ctx, {
  input: {
    name: 'Peak Performance Gym',
    industry: 'FITNESS',
    description: 'A community gym with classes, personal training and a smoothie bar.',
    brandVoice: 'Energetic, encouraging, no-nonsense',
    targetAudience: { ageRange: '25-45', genderFocus: 'all', location: 'Austin, TX', interests: ['strength training', 'yoga', 'nutrition'] },
    contentPreferences: { platforms: ['INSTAGRAM', 'TIKTOK', 'FACEBOOK'], tone: 'motivational', postFrequencyPerWeek: 5 },
  },
});

// OFFLINE accounts publish nowhere and simulate engagement: scheduled demo content gets published.
for (const platform of ['INSTAGRAM', 'TIKTOK', 'FACEBOOK'] as const) {
  await connectSocialAccount(ctx, { businessId: business.id, input: { platform, provider: 'OFFLINE', handle: '@peakperformancegym' } });
}

const campaigns = [
  { name: 'New Year Kickstart', goal: 'Sign up 150 new members in January', campaignType: 'SALES_PROMOTION', activate: true },
  { name: 'Summer Bootcamp', goal: 'Fill four bootcamp cohorts', campaignType: 'EVENT_PROMOTION', activate: false },
] as const;

const stages: ContentStatus[][] = [[], ['REVIEW'], ['REVIEW', 'APPROVED'], ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING', 'PUBLISHED']];
const posts = [
  { platform: 'INSTAGRAM', contentType: 'REEL', caption: '30 days, 30 small wins. Day 1 starts with showing up. 💪', hashtags: ['newyear', 'fitnessmotivation'] },
  { platform: 'TIKTOK', contentType: 'VIDEO', caption: 'Coach Maya’s 3-move warm-up you can do anywhere.', hashtags: ['workouttips', 'gymtok'] },
  { platform: 'FACEBOOK', contentType: 'POST', caption: 'Members bring a friend free all week. Tag your workout buddy!', hashtags: ['bringafriend'] },
  { platform: 'INSTAGRAM', contentType: 'CAROUSEL', caption: 'Five smoothie-bar recipes under 300 calories. Swipe →', hashtags: ['nutrition', 'smoothies'] },
] as const;

for (const spec of campaigns) {
  const campaign = await createCampaign(ctx, {
    businessId: business.id,
    input: {
      name: spec.name,
      goal: spec.goal,
      campaignType: spec.campaignType,
      durationDays: 30,
      startDate: new Date(Date.now() - 7 * DAY_MS),
      targetPlatforms: ['INSTAGRAM', 'TIKTOK', 'FACEBOOK'],
      postingFrequency: 5,
      optimalTimes: ['07:00', '12:30', '18:00'],
      contentCalendar: posts.map((post, index) => ({ day: index * 2 + 1, platform: post.platform, contentType: post.contentType, theme: post.caption.slice(0, 40) })),
      strategySummary: 'Lead with member stories, close every post with a clear call to action.',
      estimatedCost: 450,
    },
  });
  if (spec.activate) await transitionCampaign(ctx, { id: campaign.id, to: 'ACTIVE' });

  for (const [index, post] of posts.entries()) {
    const content = await createContent(ctx, {
      campaignId: campaign.id,
      input: { ...post, hashtags: [...post.hashtags], day: index * 2 + 1, media: mediaFor(post.platform), script: post.contentType === 'VIDEO' || post.contentType === 'REEL' ? 'Hook (3s) → demo (20s) → call to action (5s)' : null },
    });
    for (const to of stages[index]) {
      const scheduledAt = to === 'SCHEDULED' ? new Date(Date.now() + DAY_MS) : undefined;
      await transitionContent(ctx, { id: content.id, to, details: { scheduledAt, postUrl: 'https://instagram.com/p/demo' } });
    }
    if (stages[index].includes('PUBLISHED')) {
      for (let day = 7; day >= 1; day--) {
        const reach = 800 + (7 - day) * 150;
        await recordEngagement(ctx, {
          contentId: content.id,
          input: {
            collectedAt: new Date(Date.now() - day * DAY_MS),
            metrics: { impressions: reach * 2, reach, views: reach, likes: Math.round(reach * 0.08), comments: 12 + day, shares: 5, saves: 9, clicks: 30 },
          },
        });
      }
    }
  }
}

for (const incomingMessage of ['Do you offer day passes?', 'I was charged twice this month, I want a refund.']) {
  await receiveMessage(ctx, { businessId: business.id, input: { platform: 'INSTAGRAM', incomingMessage, senderHandle: '@visitor' } });
}

for (const { id } of await prisma.content.findMany({ where: { businessId: business.id }, select: { id: true } })) {
  await runTaggingPipeline(app, { contentId: id, actorId: user.id });
}

console.log(`Seeded ${business.name} for ${DEMO_EMAIL} (the password is in the README).`);
await app.close(10_000);
