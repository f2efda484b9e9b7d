import { describe, expect, it } from 'vitest';
import { CampaignType, Industry, Platform } from '../src/domain/enums.ts';
import { createOfflineProvider } from '../src/ai/offline/index.ts';
import { contentPrompt, productionCostUsd, promptText } from '../src/ai/prompts.ts';
import { hashtagCounts, platformContentTypes, scriptedContentTypes } from '../src/domain/platforms.ts';
import { campaignPlanFor, generatedContentFor, replyDraftSchema } from '../src/ai/schemas.ts';
import type { BusinessProfile, CampaignPlanRequest, ContentRequest, ReplyRequest } from '../src/ai/types.ts';

const provider = createOfflineProvider();

const cafe: BusinessProfile = {
  name: 'Green Bowl Café',
  industry: 'FOOD',
  description: 'Family-run vegan café in East Austin serving smoothies and grain bowls. We are open Mon–Sat 7am–6pm.',
  brandVoice: 'Warm, playful and a little cheeky',
  targetAudience: { ageRange: '25-40', genderFocus: null, location: 'Austin, TX', interests: ['healthy eating', 'yoga'] },
  contentPreferences: { platforms: ['INSTAGRAM', 'TIKTOK'], tone: 'friendly', postFrequencyPerWeek: 3 },
};

const launch: CampaignPlanRequest = {
  business: cafe,
  goal: 'Launch our new protein smoothie line and get 500 pre-orders',
  campaignType: 'PRODUCT_LAUNCH',
  durationDays: 28,
  platforms: ['INSTAGRAM', 'TWITTER', 'EMAIL'],
  startDate: new Date('2026-03-01T00:00:00Z'),
};

const post = (overrides: Partial<ContentRequest> = {}): ContentRequest => ({
  business: cafe,
  campaign: {
    name: 'Launch: New protein smoothie line',
    goal: launch.goal,
    campaignType: 'PRODUCT_LAUNCH',
    hashtagStrategy: 'Use #GreenBowlCafe and #ProteinSmoothie on every social post.',
    ctaPattern: 'End every post with one action, "Pre-order yours", plus the platform route.',
  },
  platform: 'INSTAGRAM',
  contentType: 'POST',
  day: 3,
  theme: 'Teaser: a first look at our new protein smoothie line',
  instructions: null,
  previous: null,
  ...overrides,
});

const message = (incomingMessage: string, overrides: Partial<ReplyRequest> = {}): ReplyRequest => ({
  business: cafe,
  platform: 'INSTAGRAM',
  incomingMessage,
  senderHandle: '@sam_k',
  ...overrides,
});

const businesses: BusinessProfile[] = Object.values(Industry).map((industry, i) => ({
  name: i % 3 === 0 ? 'The Extraordinarily Long-Named Neighbourhood Collective of Makers & Friends Ltd' : `Studio ${industry.toLowerCase()}`,
  industry,
  description: i % 2 ? 'Independent and proud. Prices from $25.' : null,
  brandVoice: ['professional and precise', 'bold, energetic', 'calm and minimal', null][i % 4],
  targetAudience: i % 2 ? { ageRange: '18-24', location: 'Lyon, France', interests: ['café culture', 'running', 'design'] } : null,
  contentPreferences: null,
}));

/** Every platform with each of its formats, plus the video formats anywhere they fit. */
const formats = Object.values(Platform).flatMap((platform) =>
  [...new Set([...platformContentTypes[platform], ...(platform === 'FACEBOOK' || platform === 'YOUTUBE' ? (['LIVE'] as const) : [])])].map(
    (contentType) => ({ platform, contentType }),
  ),
);

const instructionsSamples = [null, 'Mention the 20% discount and keep it short', 'Make it more professional; no emojis', 'Start with a question. Longer please'];

/** A spread of content requests over industries, campaign types, platforms, formats and instructions. */
function samples(): ContentRequest[] {
  const types = Object.values(CampaignType);
  return formats.flatMap(({ platform, contentType }, f) =>
    businesses.map((business, b) =>
      post({
        business,
        platform,
        contentType,
        campaign: {
          name: 'Campaign',
          goal: ['Sell more running shoes in store', 'Hire two senior baristas for the new downtown location', 'Increase bookings for our spring yoga retreat by 30%'][(f + b) % 3],
          campaignType: types[(f + b) % types.length],
          hashtagStrategy: null,
          ctaPattern: null,
        },
        theme: ['Launch: meet the team', 'Last call: final hours of the spring sale', 'A very specific theme '.repeat(20)][b % 3],
        instructions: instructionsSamples[(f + b) % instructionsSamples.length],
      }),
    ),
  );
}

describe('offline provider: determinism and usage', () => {
  it('answers the same request with the same output, and different requests differently', async () => {
    const other = createOfflineProvider();
    expect(await other.planCampaign(launch)).toEqual(await provider.planCampaign(launch));
    expect(await other.writeContent(post())).toEqual(await provider.writeContent(post()));
    expect(await other.draftReply(message('Are you open on Sunday?'))).toEqual(await provider.draftReply(message('Are you open on Sunday?')));
    expect(await other.embed(['protein smoothie'])).toEqual(await provider.embed(['protein smoothie']));

    const renamed = await provider.planCampaign({ ...launch, business: { ...cafe, name: 'Blue Spoon Kitchen' } });
    expect(renamed.value).not.toEqual((await provider.planCampaign(launch)).value);
    const otherTheme = await provider.writeContent(post({ theme: 'Proof: first reactions to our new protein smoothie line' }));
    expect(otherTheme.value.caption).not.toBe((await provider.writeContent(post())).value.caption);
  });

  it('does not depend on the key order of the request', async () => {
    const reordered = Object.fromEntries(Object.entries(post()).reverse()) as unknown as ContentRequest;
    expect(await provider.writeContent(reordered)).toEqual(await provider.writeContent(post()));
  });

  it('names its models and estimates tokens from the prompt and the JSON output', async () => {
    const result = await provider.writeContent(post());
    expect(provider.name).toBe('offline');
    expect(result.model).toBe('herald-offline-1');
    expect(result.promptTokens).toBe(Math.ceil(promptText(contentPrompt(post())).length / 4));
    expect(result.completionTokens).toBe(Math.ceil(JSON.stringify(result.value).length / 4));
    const embedded = await provider.embed(['abcdefgh', 'abcd']);
    expect(embedded).toMatchObject({ model: 'herald-offline-embed-1', promptTokens: 3, completionTokens: 0 });
  });
});

describe('offline provider: campaign plans', () => {
  it('sizes the calendar from posts per week and duration, days spread and sorted', async () => {
    const plan = (await provider.planCampaign(launch)).value;
    const days = plan.contentCalendar.map((entry) => entry.day);
    expect(plan.contentCalendar).toHaveLength(12);
    expect(plan.postingFrequency).toBe(3);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(days[0]).toBe(1);
    expect(days.at(-1)).toBe(28);
    expect(Math.max(...days.slice(1).map((day, i) => day - days[i]))).toBeLessThanOrEqual(3);
  });

  it('uses the campaign type default without a preference, at least one entry, at most 1000', async () => {
    const noPreference = { ...cafe, contentPreferences: null };
    const twoWeeks = (await provider.planCampaign({ ...launch, business: noPreference, durationDays: 14 })).value;
    expect(twoWeeks.contentCalendar).toHaveLength(10);
    expect(twoWeeks.postingFrequency).toBe(5);

    const oneDay = (await provider.planCampaign({ ...launch, durationDays: 1 })).value;
    expect(oneDay.contentCalendar.length).toBeGreaterThanOrEqual(1);
    expect(oneDay.contentCalendar.every((entry) => entry.day === 1)).toBe(true);

    const busy = { ...cafe, contentPreferences: { postFrequencyPerWeek: 100 } };
    const year = (await provider.planCampaign({ ...launch, business: busy, durationDays: 365 })).value;
    expect(year.contentCalendar).toHaveLength(1000);
    expect(year.contentCalendar.every((entry) => entry.day >= 1 && entry.day <= 365)).toBe(true);
  });

  it('rotates the requested platforms, else the preferred ones, else Instagram, with suitable formats', async () => {
    const plan = (await provider.planCampaign({ ...launch, platforms: ['TIKTOK', 'LINKEDIN', 'SMS', 'INSTAGRAM'] })).value;
    expect(plan.contentCalendar.slice(0, 8).map((entry) => entry.platform)).toEqual(['TIKTOK', 'LINKEDIN', 'SMS', 'INSTAGRAM', 'TIKTOK', 'LINKEDIN', 'SMS', 'INSTAGRAM']);
    for (const entry of plan.contentCalendar) expect(platformContentTypes[entry.platform]).toContain(entry.contentType);
    expect(new Set(plan.contentCalendar.filter((e) => e.platform === 'TIKTOK').map((e) => e.contentType))).toEqual(new Set(['VIDEO']));

    const preferred = (await provider.planCampaign({ ...launch, platforms: [] })).value;
    expect(new Set(preferred.contentCalendar.map((entry) => entry.platform))).toEqual(new Set(['INSTAGRAM', 'TIKTOK']));
    const fallback = (await provider.planCampaign({ ...launch, platforms: [], business: { ...cafe, contentPreferences: null } })).value;
    expect(new Set(fallback.contentCalendar.map((entry) => entry.platform))).toEqual(new Set(['INSTAGRAM']));
  });

  it('follows an arc that depends on the campaign type', async () => {
    const labels = async (campaignType: CampaignType) =>
      (await provider.planCampaign({ ...launch, campaignType, durationDays: 35 })).value.contentCalendar.map((entry) => entry.theme.split(':')[0]);
    const launchArc = [...new Set(await labels('PRODUCT_LAUNCH'))];
    expect(launchArc).toEqual(['Teaser', 'Launch', 'Proof', 'Urgency', 'Last call']);
    const hiring = await labels('JOB_RECRUITMENT');
    expect(hiring[0]).toBe("We're hiring");
    expect(hiring.at(-1)).toBe('Applications closing');
    expect((await labels('EVENT_PROMOTION')).at(-1)).toBe('Final call');

    const single = (await provider.planCampaign({ ...launch, durationDays: 1 })).value.contentCalendar;
    expect(single[0].theme).toMatch(/^Launch: /);
  });

  it('writes a specific strategy: business, goal, platforms, times, cost by format', async () => {
    const plan = (await provider.planCampaign(launch)).value;
    expect(plan.name).toContain('protein smoothie line');
    expect(plan.strategySummary).toContain('Green Bowl Café');
    expect(plan.strategySummary).toContain(launch.goal);
    expect(plan.strategySummary).toMatch(/Instagram, X and email/);
    expect(plan.contentCalendar.some((entry) => entry.theme.includes('protein smoothie line'))).toBe(true);
    expect(plan.hashtagStrategy).toContain('#GreenBowlCafe');
    expect(plan.ctaPattern).toMatch(/"[^"]+"/);
    expect(plan.optimalTimes.length).toBeGreaterThanOrEqual(2);
    for (const time of plan.optimalTimes) expect(time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(plan.estimatedCost).toBe(plan.contentCalendar.reduce((sum, entry) => sum + productionCostUsd[entry.contentType], 0));
  });

  it('passes the plan schema for every campaign type, industry and duration', async () => {
    for (const [i, campaignType] of Object.values(CampaignType).entries()) {
      for (const [j, business] of businesses.entries()) {
        const durationDays = [1, 3, 7, 30, 90, 365][(i + j) % 6];
        const request = { ...launch, business, campaignType, durationDays, platforms: Object.values(Platform).slice(0, 1 + ((i + j) % 8)) };
        const { value } = await provider.planCampaign(request);
        expect(campaignPlanFor(durationDays).safeParse(value).success).toBe(true);
      }
    }
  });
});

describe('offline provider: content', () => {
  it('passes the content schema and the platform limits on every sample', async () => {
    const results = await Promise.all(samples().map(async (request) => ({ request, value: (await provider.writeContent(request)).value })));
    expect(results.length).toBeGreaterThan(100);
    for (const { request, value } of results) {
      const parsed = generatedContentFor(request.platform).safeParse(value);
      expect(parsed.success, `${request.platform}/${request.contentType}: ${JSON.stringify(value)}`).toBe(true);
    }
    const sms = results.filter((r) => r.request.platform === 'SMS');
    const twitter = results.filter((r) => r.request.platform === 'TWITTER');
    for (const { value } of sms) expect(value.caption.length).toBeLessThanOrEqual(160);
    for (const { value } of sms) expect(value.caption).toMatch(/STOP to opt out$/);
    for (const { value } of twitter) expect(value.caption.length + value.hashtags.reduce((n, tag) => n + tag.length + 2, 0)).toBeLessThanOrEqual(280);
  });

  it('picks a platform-appropriate number of clean, unique hashtags', async () => {
    for (const request of samples().filter((r) => r.instructions === null)) {
      const { hashtags } = (await provider.writeContent(request)).value;
      const { min, max } = hashtagCounts[request.platform];
      expect(hashtags.length, request.platform).toBeGreaterThanOrEqual(min);
      expect(hashtags.length, request.platform).toBeLessThanOrEqual(max);
      for (const tag of hashtags) expect(tag).toMatch(/^[A-Za-z0-9_]+$/);
      expect(new Set(hashtags.map((tag) => tag.toLowerCase())).size).toBe(hashtags.length);
    }
    const instagram = (await provider.writeContent(post())).value.hashtags;
    expect(instagram.slice(0, 2)).toEqual(['GreenBowlCafe', 'ProteinSmoothie']);
    expect((await provider.writeContent(post({ platform: 'EMAIL', contentType: 'EMAIL' }))).value.hashtags).toEqual([]);
  });

  it('writes a script exactly for video formats, with hook, body and CTA timings', async () => {
    for (const request of samples()) {
      const { script } = (await provider.writeContent(request)).value;
      expect(script !== null, `${request.platform}/${request.contentType}`).toBe(scriptedContentTypes.includes(request.contentType));
    }
    const reel = (await provider.writeContent(post({ contentType: 'REEL' }))).value.script;
    expect(reel).toMatch(/HOOK \(0–3s\)[\s\S]*BODY \(3–20s\)[\s\S]*CTA \(20–30s\)/);
  });

  it('fits the format: short lines for X and SMS, paragraphs for LinkedIn and email, a subject line for email', async () => {
    const sms = (await provider.writeContent(post({ platform: 'SMS', contentType: 'SMS' }))).value;
    expect(sms.caption).toMatch(/^Green Bowl Café: /);
    expect(sms.caption).not.toMatch(/[—–…“”’]/);
    const linkedin = (await provider.writeContent(post({ platform: 'LINKEDIN' }))).value;
    expect(linkedin.caption.split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(linkedin.caption.length).toBeGreaterThan(300);
    const email = (await provider.writeContent(post({ platform: 'EMAIL', contentType: 'EMAIL' }))).value;
    expect(email.title).toContain('protein smoothie line');
    expect(email.caption).toMatch(/^Hi there,\n\n/);
    expect(email.caption).toMatch(/The Green Bowl Café team$/);
    expect((await provider.writeContent(post())).value.title).toBeNull();
  });

  it('ends with the call to action from the CTA pattern and speaks to the audience', async () => {
    const { caption } = (await provider.writeContent(post())).value;
    expect(caption).toMatch(/Pre-order yours — link in bio!$/);
    const sms = (await provider.writeContent(post({ platform: 'SMS', contentType: 'SMS' }))).value.caption;
    expect(sms).toContain('Reply YES to pre-order yours.');
    const linkedin = (await provider.writeContent(post({ platform: 'LINKEDIN', theme: 'Proof: how people use it' }))).value.caption;
    expect(linkedin).toContain('Austin');
  });

  it('reflects the brand voice', async () => {
    const professional = { ...cafe, brandVoice: 'Professional, expert and precise', contentPreferences: null };
    const formal = (await provider.writeContent(post({ business: professional, platform: 'FACEBOOK' }))).value.caption;
    expect(formal).not.toMatch(/!/);
    expect(formal).not.toMatch(/\p{Extended_Pictographic}/u);
    const playful = (await provider.writeContent(post({ platform: 'FACEBOOK' }))).value.caption;
    expect(playful).toMatch(/!/);
  });

  it('takes the instructions into account', async () => {
    for (const platform of ['INSTAGRAM', 'TWITTER', 'SMS', 'LINKEDIN', 'EMAIL'] as const) {
      const contentType = platform === 'SMS' || platform === 'EMAIL' ? platform : 'POST';
      const { caption } = (await provider.writeContent(post({ platform, contentType, instructions: 'Mention the 20% discount' }))).value;
      expect(caption, platform).toContain('20% discount');
    }
    const statement = (await provider.writeContent(post({ instructions: 'mention that the first 50 orders ship free' }))).value.caption;
    expect(statement).toContain('The first 50 orders ship free.');
    expect((await provider.writeContent(post({ instructions: 'No hashtags please' }))).value.hashtags).toEqual([]);
    const short = (await provider.writeContent(post({ instructions: 'keep it short' }))).value.caption;
    expect(short.length).toBeLessThan((await provider.writeContent(post())).value.caption.length);
    const formal = (await provider.writeContent(post({ instructions: 'Make it more professional, no emojis' }))).value.caption;
    expect(formal).not.toMatch(/[!\p{Extended_Pictographic}]/u);
    const question = (await provider.writeContent(post({ instructions: 'Start with a question' }))).value.caption;
    expect(question.split('\n')[0]).toMatch(/\?$/);
  });

  it('writes something different when regenerating', async () => {
    for (const platform of ['INSTAGRAM', 'TWITTER', 'SMS', 'EMAIL'] as const) {
      const contentType = platform === 'SMS' || platform === 'EMAIL' ? platform : 'POST';
      const first = (await provider.writeContent(post({ platform, contentType }))).value;
      const again = (await provider.writeContent(post({ platform, contentType, previous: first }))).value;
      expect(again.caption, platform).not.toBe(first.caption);
    }
  });
});

describe('offline provider: replies', () => {
  const faqs: [string, RegExp][] = [
    ['What are your opening hours?', /open Mon–Sat 7am–6pm/],
    ['How much is the protein smoothie?', /price/],
    ['Can I book a table for 4 on Friday?', /table booked in/],
    ['Do you deliver to Round Rock?', /order number or postcode/],
    ['Where are you located?', /address and directions/],
    ['Is the mango bowl in stock today?', /check for you/],
  ];

  it.each(faqs)('answers %s with high confidence', async (text, answer) => {
    const { value } = await provider.draftReply(message(text));
    expect(value.reply).toMatch(answer);
    expect(value.reply).toMatch(/^Hey @sam_k!/);
    expect(value.confidence).toBeGreaterThanOrEqual(0.85);
    expect(value).toMatchObject({ escalate: false, reason: null });
  });

  it('thanks praise with high confidence and answers generic questions with medium confidence', async () => {
    const praise = (await provider.draftReply(message('Thank you, the smoothies are amazing'))).value;
    expect(praise.reply).toMatch(/Thank you so much/);
    expect(praise.confidence).toBeGreaterThanOrEqual(0.85);
    const question = (await provider.draftReply(message('Do you cater weddings?'))).value;
    expect(question.confidence).toBeGreaterThanOrEqual(0.6);
    expect(question.confidence).toBeLessThanOrEqual(0.75);
    expect(question.escalate).toBe(false);
  });

  const escalations: [string, RegExp][] = [
    ['This is the worst service, I want to complain', /complaint/i],
    ['I want my MONEY BACK or I will file a chargeback', /refund/i],
    ['My lawyer will be in touch, we will sue', /legal/i],
    ['My son had an allergic reaction after eating your bowl', /safety|health/i],
    ['A shelf fell and I got injured', /safety|health/i],
  ];

  it.each(escalations)('escalates "%s" with a reason and a short holding reply', async (text, reason) => {
    const { value } = await provider.draftReply(message(text));
    expect(value.escalate).toBe(true);
    expect(value.reason).toMatch(reason);
    expect(value.confidence).toBeLessThanOrEqual(0.5);
    expect(value.reply).toMatch(/sorry|thank you for letting us know/i);
    expect(value.reply.length).toBeLessThan(400);
  });

  it('matches whole words only, in any case', async () => {
    expect((await provider.draftReply(message('I have an issue with pressure washing the patio?'))).value.escalate).toBe(false);
    expect((await provider.draftReply(message('WE WILL SUE'))).value.escalate).toBe(true);
    expect((await provider.draftReply(message('Is there parking nearby?'))).value.reply).toMatch(/address and directions/);
  });

  it('keeps SMS replies within one message and signs emails', async () => {
    const sms = (await provider.draftReply(message('I got food poisoning', { platform: 'SMS' }))).value;
    expect(sms.reply.length).toBeLessThanOrEqual(160);
    expect(sms.escalate).toBe(true);
    const email = (await provider.draftReply(message('What time do you close?', { platform: 'EMAIL', senderHandle: 'sam@example.com' }))).value;
    expect(email.reply).toMatch(/^Hey there!/);
    expect(email.reply).toMatch(/The Green Bowl Café team$/);
  });

  it('passes the reply schema for every kind of message', async () => {
    for (const text of [...faqs.map(([t]) => t), ...escalations.map(([t]) => t), 'hello', 'Great!', '?', 'x'.repeat(5000)]) {
      for (const platform of Object.values(Platform)) {
        const { value } = await provider.draftReply(message(text, { platform, business: businesses[text.length % businesses.length] }));
        expect(replyDraftSchema.safeParse(value).success, `${platform}: ${text}`).toBe(true);
      }
    }
  });
});

describe('offline provider: embeddings', () => {
  const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);

  it('returns unit vectors of a fixed dimension, deterministically', async () => {
    const texts = ['Fresh protein smoothies in Austin', 'Quarterly tax planning for small businesses'];
    const { value } = await provider.embed(texts);
    expect(value).toHaveLength(2);
    for (const vector of value) {
      expect(vector).toHaveLength(256);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
    }
    expect((await provider.embed(texts)).value).toEqual(value);
    expect((await provider.embed([])).value).toEqual([]);
  });

  it('scores related texts higher than unrelated ones', async () => {
    const { value } = await provider.embed([
      'New protein smoothie line launching at our café',
      'Try our protein smoothies, launching this week',
      'Quarterly tax planning for small business owners',
    ]);
    expect(cosine(value[0], value[1])).toBeGreaterThan(0.3);
    expect(cosine(value[0], value[1])).toBeGreaterThan(cosine(value[0], value[2]) + 0.2);
  });

  it('gives a zero vector, not NaN, for text without words', async () => {
    const { value } = await provider.embed(['', '  !!! ', 'the and of']);
    for (const vector of value) {
      expect(vector).toHaveLength(256);
      expect(vector.every((x) => x === 0)).toBe(true);
    }
  });
});
