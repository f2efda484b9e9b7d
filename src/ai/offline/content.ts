import type { CampaignType, ContentType } from '../../domain/enums.ts';
import { needsScript } from '../../domain/platforms.ts';
import type { ContentRequest, GeneratedContent } from '../types.ts';
import { type Angle, angleOf, topicOf } from './arcs.ts';
import { readBrief } from './brief.ts';
import { writeCaption } from './captions.ts';
import { ctaFromPattern, ctaLine } from './cta.ts';
import { writePieces } from './copy.ts';
import { pickHashtags } from './hashtags.ts';
import { readInstructions } from './instructions.ts';
import { seededRandom } from './random.ts';
import { writeScript } from './scripts.ts';
import { capitalize, clip } from './text.ts';
import { voiceOf } from './voice.ts';

const MAX_REWRITES = 8;

const defaultAngles: Readonly<Record<CampaignType, Angle>> = {
  PRODUCT_LAUNCH: 'reveal',
  EVENT_PROMOTION: 'invite',
  JOB_RECRUITMENT: 'reveal',
  BRAND_AWARENESS: 'inside',
  LEAD_GENERATION: 'reveal',
  SALES_PROMOTION: 'reveal',
  OTHER: 'explain',
};

/** One content item; when regenerating, a different caption from the previous one. */
export function writeContent(request: ContentRequest): GeneratedContent {
  const previous = request.previous?.caption.trim();
  let content = draft(request, 0);
  for (let rewrite = 1; rewrite <= MAX_REWRITES && content.caption === previous; rewrite++) content = draft(request, rewrite);
  return content;
}

function draft(request: ContentRequest, rewrite: number): GeneratedContent {
  const { platform, contentType, campaign } = request;
  const random = seededRandom('content', request, rewrite);
  const brief = readBrief(request.business, campaign.goal);
  const directives = readInstructions(request.instructions);
  const voice = directives.voice ? voiceOf(directives.voice) : brief.voice;
  const angle = angleOf(request.theme) ?? defaultAngles[campaign.campaignType] ?? 'reveal';
  const topic = topicOf(request.theme) || brief.focus;

  const pieces = writePieces({ brief, voice, angle, topic, campaignType: campaign.campaignType, platform, directives, random });
  const ctaPhrase = ctaFromPattern(campaign.ctaPattern, campaign.campaignType, brief);
  const cta = ctaLine(ctaPhrase, platform, voice);
  const hashtags = directives.hashtags ? pickHashtags(brief, campaign.campaignType, platform, campaign.hashtagStrategy, random) : [];

  return {
    title: titleFor(contentType, platform === 'YOUTUBE', topic, brief.business),
    caption: writeCaption({ platform, brief, voice, pieces, directives, cta, hashtags }),
    hashtags,
    script: needsScript(contentType)
      ? writeScript({ contentType, platform, brief, pieces, mentions: directives.mentions, ctaPhrase, cta })
      : null,
  };
}

/** Email subject, video title or carousel cover; other formats have none. */
function titleFor(contentType: ContentType, isYoutube: boolean, topic: string, business: string): string | null {
  const headline = capitalize(topic.trim());
  if (contentType === 'EMAIL') return clip(headline, 80);
  if (contentType === 'LIVE') return clip(`LIVE: ${headline} | ${business}`, 100);
  if (contentType === 'VIDEO' || isYoutube) return clip(`${headline} | ${business}`, 100);
  if (contentType === 'CAROUSEL') return clip(headline, 80);
  return null;
}
