import type { Platform } from '../../domain/enums.ts';
import { captionLimits } from '../../domain/platforms.ts';
import { hashtagCounts } from '../../domain/platforms.ts';
import { normalizeTag } from '../../domain/tags.ts';
import type { Classification, ClassificationRequest } from '../types.ts';
import { sentencesOf, STOP_WORDS } from './text.ts';
import { categoryModel } from './category-model.ts';
import { fits, rankCategories } from './category-ranking.ts';
import { keyPhrases } from './key-phrases.ts';
import { sentimentOf } from './sentiment.ts';
import { type Candidate, KEYWORD_THRESHOLD } from './keyword-scores.ts';
import { occurrences, tokensOf, type Tokens } from './tokens.ts';
import { primaryStem as primary, stems } from './words.ts';

// The offline classifier: candidates are ranked by a model learned from labelled posts together
// with their own keywords (category-ranking.ts); tags, sentiment and quality come from word lists
// and heuristics. Deterministic.

export function classifyContent(request: ClassificationRequest): Classification {
  const text = tokensOf(request.text);
  return {
    ...pickCategory(request.text, request.categories),
    tags: pickTags(request.text, text, request.tagCandidates, request),
    sentiment: sentimentOf(request.text),
    qualityScore: qualityOf(request.text, request.platform),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, min = 0, max = 1) => Math.min(max, Math.max(min, value));

function pickCategory(raw: string, categories: Candidate[]): Pick<Classification, 'category' | 'confidence'> {
  const ranked = rankCategories(raw, categories);
  const [best] = ranked;
  if (!best || !fits(best)) {
    // How sure that none fits: less so the closer the best came to the threshold.
    return { category: null, confidence: round2(0.8 - 0.5 * Math.min(1, (best?.keywordScore ?? 0) / KEYWORD_THRESHOLD)) };
  }
  // The best candidate's share of the combined scores, as probabilities over the candidates; a
  // subcategory and its parent are one answer, counted once. On the model's own scale (times its
  // temperature): the temperature sharpens the scores to rank them, and would make every share 1.
  const distinct = ranked.filter((entry) => entry.root === null || entry === ranked.find((other) => other.root === entry.root));
  const { temperature } = categoryModel();
  const shares = distinct.map(({ score }) => Math.exp((score - best.score) * temperature));
  return { category: best.name, confidence: round2(clamp(1 / shares.reduce((sum, share) => sum + share, 0), 0.05, 0.95)) };
}

// ---- tags

const MAX_TAGS = 10;
/** Key phrases added after the hashtags: one, or two for a post with no hashtags to go on (measured on the dev split). */
const MAX_PHRASES = { withHashtags: 1, withoutHashtags: 2 };
const TAG_LENGTH = { min: 2, max: 50 };

const plain = new Set(
  `today tonight tomorrow week weekend day days time year years month just really back first last next every still very well make made
  ready link bio click order book anyone everyone someone something both over after before again even ever only also already while
  because around through into down off then other another whole want wanted need know told says said like look looks looking please
  thank thanks honestly actually little lots much many going doing getting`.split(/\s+/),
);
const usable = (tag: string) => tag.length >= TAG_LENGTH.min && tag.length <= TAG_LENGTH.max && /[a-z]/.test(tag);

/** Known tags found in the text, then the text's own hashtags, then its most distinctive key phrases. */
function pickTags(raw: string, text: Tokens, candidates: string[], business: Pick<ClassificationRequest, 'businessTexts' | 'businessName'>): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  const add = (tag: string) => {
    const key = tag.split('_').map(primary).join('_');
    if (tags.length >= MAX_TAGS || !usable(tag) || seen.has(key)) return;
    seen.add(key);
    tags.push(tag);
  };

  const normalised = (tag: string) => normalizeTag(tag) ?? '';
  const hashtags = [...raw.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((match) => normalised(match[1]));
  for (const candidate of candidates.map(normalised)) {
    const inText = occurrences(text, candidate.split('_').filter(Boolean).map(stems)) > 0;
    if (inText || hashtags.includes(candidate.replaceAll('_', ''))) add(candidate);
  }
  hashtags.forEach(add);

  // Key phrases last, and only a few: a wrong tag costs more trust than a missing one.
  keyPhrases(raw, business.businessTexts, business.businessName)
    .filter(({ tag }) => !tag.split('_').some((word) => feelings.has(primary(word)) || plain.has(word)))
    .slice(0, hashtags.length ? MAX_PHRASES.withHashtags : MAX_PHRASES.withoutHashtags)
    .forEach(({ tag }) => add(tag));
  return tags;
}

// Words of feeling say how a post sounds, not what it is about: they make poor tags.
const feelings = new Set(
  'good great nice happy glad excited proud grateful thank thanks favourite favorite gorgeous enjoy joy fun lovely tasty kind success pleased beautiful delicious love amazing awesome excellent fantastic wonderful brilliant perfect thrilled delighted incredible superb best stunning bad sad sorry unfortunately sadly annoying frustrated angry upset disappointed terrible awful horrible worst hate disgusting'
    .split(' ')
    .map(primary),
);

// ---- quality

/** Characters that read well on each platform (below its hard limit). */
const idealLength: Readonly<Record<Platform, readonly [number, number]>> = {
  TWITTER: [60, 260],
  SMS: [40, 160],
  INSTAGRAM: [100, 1500],
  TIKTOK: [40, 400],
  FACEBOOK: [80, 1200],
  LINKEDIN: [300, 2200],
  YOUTUBE: [100, 2500],
  EMAIL: [250, 3000],
};

const callToAction = [
  /\b(book|order|shop|reserve|grab|get|claim|secure|try)\s+(now|today|online|yours|your|it|a|an|the|via|through|by|at|here)\b/i,
  /\b(sign up|register|apply|rsvp|subscribe|download|learn more|find out more|link in (the )?(bio|comments?|description|first comment)|link (below|sticker))\b/i,
  /\b(dm|message|call|email|visit|text) (us|me)\b|\b(pop|drop|come) (in|by|along|and)\b|\b(comment|reply|tap|click|enter|tag (a|two|someone|your))\b/i,
  /\b(use code|join us|follow (us|for|along)|save this|share this|send (it|this)|tell us|let us know|don'?t miss|comments are open)\b/i,
];
const hasCallToAction = (raw: string) => callToAction.some((pattern) => pattern.test(raw.replace(/[‘’]/g, "'")));

function lengthFit(length: number, platform: Platform): number {
  const [min, max] = idealLength[platform];
  const limit = captionLimits[platform] ?? max;
  if (length > limit) return 0;
  if (length < min) return length / min;
  return length <= max ? 1 : 1 - (0.6 * (length - max)) / Math.max(1, limit - max);
}

function hashtagFit(count: number, platform: Platform): number {
  const { min, max } = hashtagCounts[platform];
  if (count > max) return clamp(1 - (count - max) / (max + 3));
  return count >= min ? 1 : 0.6 + (0.4 * count) / min;
}

function calmness(raw: string): number {
  const words = raw.replace(/#\S+/g, '').match(/\p{L}{3,}/gu) ?? [];
  const shouted = words.filter((word) => word === word.toUpperCase() && word !== word.toLowerCase()).length;
  const caps = words.length ? shouted / words.length : 0;
  const bangs = (raw.match(/[!?]{2,}/g) ?? []).length;
  return clamp(1 - clamp((caps - 0.1) / 0.4) - 0.15 * Math.min(bangs, 3));
}

function readability(raw: string): number {
  const sentences = sentencesOf(raw.replace(/#\S+/g, ''));
  if (sentences.length === 0) return 0;
  const wordsPer = sentences.reduce((sum, s) => sum + s.split(/\s+/).length, 0) / sentences.length;
  const capitalised = sentences.filter((s) => !/^\p{Ll}/u.test(s)).length / sentences.length;
  const length = wordsPer <= 22 ? 1 : clamp(1 - (wordsPer - 22) / 25, 0.3);
  return length * (0.6 + 0.4 * capitalised);
}

function qualityOf(raw: string, platform: Platform): number {
  const hashtags = (raw.match(/#[\p{L}\p{N}_]+/gu) ?? []).length;
  const score =
    0.25 * lengthFit(raw.trim().length, platform) +
    0.25 * (hasCallToAction(raw) ? 1 : 0) +
    0.15 * hashtagFit(hashtags, platform) +
    0.15 * calmness(raw) +
    0.2 * readability(raw);
  return round2(clamp(score));
}
