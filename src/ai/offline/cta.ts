import type { CampaignType, Platform } from '../../domain/enums.ts';
import type { Brief } from './brief.ts';
import { topicVars } from './arcs.ts';
import { capitalize } from './text.ts';
import type { Voice } from './voice.ts';

/** Where the action happens on each platform. */
export const ctaRoutes: Readonly<Record<Platform, string>> = {
  INSTAGRAM: 'link in bio',
  TIKTOK: 'link in bio',
  TWITTER: 'link in bio',
  FACEBOOK: 'link in the comments',
  LINKEDIN: 'link in the first comment',
  YOUTUBE: 'link in the description',
  EMAIL: 'reply to this email',
  SMS: 'reply YES',
};

/** The campaign's one action, as an imperative phrase: "Save your spot". */
export function defaultCta(campaignType: CampaignType, brief: Brief): string {
  switch (campaignType) {
    case 'PRODUCT_LAUNCH':
      return 'Be among the first to try it';
    case 'EVENT_PROMOTION':
      return 'Save your spot';
    case 'JOB_RECRUITMENT':
      return 'Apply today';
    case 'BRAND_AWARENESS':
      return 'Get to know us';
    case 'LEAD_GENERATION':
      return `Claim ${topicVars(brief).leadOffer.replace(/^(a|an|our|the)\s+/i, 'your ')}`;
    case 'SALES_PROMOTION':
      return 'Grab the deal';
    default:
      return 'Find out more';
  }
}

/** The CTA a campaign's ctaPattern asks for: its quoted phrase, the pattern itself when short, else the default. */
export function ctaFromPattern(pattern: string | null, campaignType: CampaignType, brief: Brief): string {
  const quoted = pattern?.match(/["“«]([^"“”«»]{2,80})["”»]/)?.[1];
  if (quoted) return quoted.trim().replace(/[.!]+$/, '');
  const short = pattern?.trim().replace(/[.!]+$/, '');
  if (short && short.length <= 60 && !/[.;:]/.test(short)) return capitalize(short);
  return defaultCta(campaignType, brief);
}

/** The closing line of a post: the action plus where to take it. */
export function ctaLine(phrase: string, platform: Platform, voice: Voice): string {
  const end = voice.exclaims ? '!' : '.';
  if (platform === 'SMS') return `Reply YES to ${lowerFirst(phrase)}.`;
  if (platform === 'EMAIL') return `${phrase}: just reply to this email and we'll take it from there${end}`;
  return `${phrase} — ${ctaRoutes[platform]}${end}`;
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
