import type { CampaignType, Platform } from '../../domain/enums.ts';
import { hashtagCounts } from '../../domain/platforms.ts';
import { type Brief, keywordsOf } from './brief.ts';
import type { Random } from './random.ts';
import { asciiWords, pascalCase } from './text.ts';

// Tags are ASCII letters, digits and _ only (stricter than the API, which takes any letter), so
// they work on every platform: single words lowercase, several words in CamelCase.

const MAX_TAG_LENGTH = 30;

const isUsable = (tag: string | null | undefined): tag is string =>
  !!tag && /^[A-Za-z0-9_]+$/.test(tag) && tag.length >= 2 && tag.length <= MAX_TAG_LENGTH && !/^\d+$/.test(tag);

function tagOf(text: string, maxLength = MAX_TAG_LENGTH): string | null {
  const parts = asciiWords(text);
  if (parts.length === 1) return parts[0].toLowerCase();
  let tag = '';
  for (const part of parts) {
    if ((tag + part).length > maxLength) break;
    tag += pascalCase([part]);
  }
  return tag || null;
}

export const brandTag = (brief: Brief) => tagOf(brief.business, 24);

const campaignWords: Partial<Record<CampaignType, string>> = {
  PRODUCT_LAUNCH: 'launch',
  EVENT_PROMOTION: 'event',
  JOB_RECRUITMENT: 'jobs',
  SALES_PROMOTION: 'sale',
};

/**
 * The campaign's own tag: two words of its focus, next to the head noun ("our new protein smoothie
 * line" → ProteinSmoothie, "our open day on 14 June" → OpenDay, "a webinar on retirement planning" → RetirementPlanning).
 */
export function campaignTag(brief: Brief, campaignType: CampaignType): string | null {
  const [head, tail = []] = brief.focus.split(/\s+(?:on|for|of|at|in|with|about)\s+/i).map((part) => keywordsOf(part).flatMap((word) => asciiWords(word)));
  const words = head.length >= 2 ? head.slice(-2) : tail.length >= 2 ? tail.slice(0, 2) : [...head, ...tail];
  if (words.length >= 2) return pascalCase(words.slice(0, 2));
  const kind = campaignWords[campaignType];
  return words.length === 1 && kind ? pascalCase([words[0], kind]) : null;
}

export const localTag = (brief: Brief) => (brief.city ? tagOf(`${brief.city} ${brief.lexicon.localSuffix}`) : null);

/** Tags a campaign's hashtag strategy names with '#'. */
export function tagsIn(strategy: string | null): string[] {
  return [...(strategy ?? '').matchAll(/#([A-Za-z0-9_]+)/g)].map((match) => match[1]);
}

/** Strategy tags, brand and campaign first; then a shuffled mix of topic, interest, local and industry tags. */
export function pickHashtags(brief: Brief, campaignType: CampaignType, platform: Platform, strategy: string | null, random: Random): string[] {
  const { min, max } = hashtagCounts[platform];
  if (max === 0) return [];
  const count = min + random.int(max - min + 1);
  const fixed = [...tagsIn(strategy), brandTag(brief), campaignTag(brief, campaignType)];
  const topical = random.shuffle([...brief.keywords.map((k) => tagOf(k)), ...brief.interests.map((i) => tagOf(i)), localTag(brief)]);
  const general = random.shuffle(brief.lexicon.hashtags);
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of [...fixed, ...topical, ...general]) {
    if (!isUsable(tag) || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags.slice(0, count);
}
