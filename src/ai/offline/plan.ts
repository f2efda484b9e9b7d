import type { CampaignType, Platform } from '../../domain/enums.ts';
import { hashtagCounts } from '../../domain/platforms.ts';
import { campaignPlatforms, postsPerWeek } from '../prompts.ts';
import type { CalendarEntry, CampaignPlan, CampaignPlanRequest } from '../types.ts';
import { angleOf, type Angle } from './arcs.ts';
import { type Brief, readBrief } from './brief.ts';
import { planCalendar } from './calendar.ts';
import { estimateCost } from './cost.ts';
import { ctaRoutes, defaultCta } from './cta.ts';
import { brandTag, campaignTag, localTag } from './hashtags.ts';
import { seededRandom } from './random.ts';
import { capitalize, clip, listOf, sentence } from './text.ts';
import { optimalTimes } from './times.ts';

const typeLabels: Readonly<Record<CampaignType, string>> = {
  PRODUCT_LAUNCH: 'Launch',
  EVENT_PROMOTION: 'Event',
  JOB_RECRUITMENT: 'Hiring',
  BRAND_AWARENESS: 'Brand awareness',
  LEAD_GENERATION: 'Lead generation',
  SALES_PROMOTION: 'Sale',
  OTHER: 'Campaign',
};

const successMeasures: Readonly<Record<CampaignType, string>> = {
  PRODUCT_LAUNCH: 'link clicks, saves and first orders',
  EVENT_PROMOTION: 'registrations and RSVPs',
  JOB_RECRUITMENT: 'applications and profile visits',
  BRAND_AWARENESS: 'reach, new followers and shares',
  LEAD_GENERATION: 'sign-ups and cost per lead',
  SALES_PROMOTION: 'clicks, redemptions and sales',
  OTHER: 'engagement and link clicks',
};

const angleJobs: Readonly<Record<Angle, string>> = {
  tease: 'build curiosity',
  reveal: 'make the offer clear',
  explain: 'answer the questions that stop people acting',
  proof: 'let real people do the convincing',
  inside: 'show the people and the care behind the business',
  urgency: 'give a reason to act now',
  final: 'close with one clear last call',
  invite: 'invite people in',
};

const platformNames: Readonly<Record<Platform, string>> = {
  INSTAGRAM: 'Instagram',
  FACEBOOK: 'Facebook',
  LINKEDIN: 'LinkedIn',
  TWITTER: 'X',
  TIKTOK: 'TikTok',
  YOUTUBE: 'YouTube',
  EMAIL: 'email',
  SMS: 'SMS',
};

export function planCampaign(request: CampaignPlanRequest): CampaignPlan {
  const random = seededRandom('plan', request);
  const brief = readBrief(request.business, request.goal);
  const platforms = campaignPlatforms(request);
  const perWeek = postsPerWeek(request);
  const contentCalendar = planCalendar(request, brief, random);
  const cta = defaultCta(request.campaignType, brief);

  return {
    name: clip(`${typeLabels[request.campaignType]}: ${brief.goalHasFocus ? capitalize(brief.focus.replace(/^our\s+/i, '')) : brief.business} (${durationLabel(request.durationDays)})`, 200),
    strategySummary: clip(strategySummary(request, brief, platforms, perWeek, contentCalendar), 5_000),
    contentStyle: clip(
      `${brief.voice.label}: a hook in the first line, one idea per post, plain words ${brief.people} use. ${brief.voice.emoji ? 'One or two emoji on Instagram, TikTok and Facebook, none elsewhere.' : 'No emoji.'} Short paragraphs on LinkedIn, Facebook and email; one or two lines on X and SMS.`,
      500,
    ),
    visualStyle: clip(`${brief.lexicon.visuals}. Vertical 9:16 for reels, stories and TikTok, 4:5 for feed posts; the same colours and logo placement on every cover.`, 500),
    hashtagStrategy: clip(hashtagStrategy(brief, request.campaignType, platforms), 500),
    ctaPattern: clip(
      `End every post with one action, "${cta}", plus the platform's route (${platforms.map((p) => `${ctaRoutes[p]} on ${platformNames[p]}`).join(', ')}); add a deadline only in urgency and last-call posts.`,
      500,
    ),
    optimalTimes: optimalTimes(platforms, request.business.industry, brief.youngestAge),
    postingFrequency: perWeek,
    estimatedCost: estimateCost(contentCalendar),
    contentCalendar,
  };
}

function durationLabel(days: number, adjective = false): string {
  const [count, unit] = days % 7 === 0 ? [days / 7, 'week'] : [days, 'day'];
  return adjective ? `${count}-${unit}` : `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function strategySummary(request: CampaignPlanRequest, brief: Brief, platforms: Platform[], perWeek: number, calendar: CalendarEntry[]): string {
  const phases = [...new Set(calendar.map((entry) => entry.theme.split(':')[0]))];
  const jobs = phases.map((label) => `${label} posts ${angleJobs[angleOf(label) ?? 'reveal']}`);
  const voice = request.business.brandVoice ? ` ("${clip(request.business.brandVoice, 150)}")` : '';
  return [
    `A ${durationLabel(request.durationDays, true)} ${typeLabels[request.campaignType].toLowerCase()} campaign for ${brief.business}, built around one goal: ${sentence(clip(request.goal, 1_000))}`,
    `It speaks to ${brief.audience} on ${listOf(platforms.map((p) => platformNames[p]))}, with ${perWeek} posts a week: ${calendar.length} in total, spread from day 1 to day ${calendar.at(-1)?.day ?? 1}.`,
    `The arc runs ${phases.join(' → ')}. ${capitalize(listOf(jobs))}.`,
    `Voice: ${brief.voice.label.toLowerCase()}${voice}. Every post ends with the same single call to action, so the audience always knows the next step.`,
    `Track ${successMeasures[request.campaignType]} per platform each week, and move effort to the formats and times that work.`,
  ].join('\n\n');
}

function hashtagStrategy(brief: Brief, campaignType: CampaignType, platforms: Platform[]): string {
  const own = [brandTag(brief), campaignTag(brief, campaignType)].filter(Boolean).map((tag) => `#${tag}`);
  const local = localTag(brief);
  const counts = platforms
    .filter((p) => hashtagCounts[p].max > 0)
    .map((p) => `${hashtagCounts[p].min}-${hashtagCounts[p].max} on ${platformNames[p]}`);
  const none = platforms.filter((p) => hashtagCounts[p].max === 0).map((p) => platformNames[p]);
  return [
    own.length ? `Use ${listOf(own)} on every social post.` : '',
    `Add niche tags from ${brief.lexicon.hashtags.slice(0, 3).map((tag) => `#${tag}`).join(', ')}${brief.interests.length ? ' and the audience’s interests' : ''}${local ? `, plus the local #${local}` : ''}.`,
    counts.length ? `Volume: ${listOf(counts)}.` : '',
    none.length ? `No hashtags in ${listOf(none, 'or')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
