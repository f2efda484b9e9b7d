import type { Platform } from '../../domain/enums.ts';
import { captionLimits } from '../../domain/platforms.ts';
import { hashtagCounts } from '../../domain/platforms.ts';
import { normalizeTag } from '../../domain/tags.ts';
import type { Classification, ClassificationRequest, Sentiment } from '../types.ts';
import { sentencesOf, STOP_WORDS } from './text.ts';

// A lexical classifier: candidates are scored by their keywords, name and description words found
// in the text (as stems, so "launches" matches "launch"); tags, sentiment and quality come from
// small word lists and heuristics. Deterministic, and blind to meaning beyond the words.

export function classifyContent(request: ClassificationRequest): Classification {
  const text = tokensOf(request.text);
  return {
    ...pickCategory(text, request.categories),
    tags: pickTags(request.text, text, request.tagCandidates),
    sentiment: sentimentOf(request.text, text),
    qualityScore: qualityOf(request.text, request.platform),
  };
}

// ---- words and stems

interface Tokens {
  words: string[];
  /** Each word's stem forms: ["hir", "hire"] for "hiring". */
  forms: string[][];
  at: Map<string, number[]>;
}

const splitCamel = (tag: string) => tag.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');

/** Lower-case words without accents ("isn't" stays one word); hashtags split at capitals; "%" is a word, for "20% off". */
function wordsOf(text: string): string[] {
  return (
    text
      .replace(/#([\p{L}\p{N}_]+)/gu, (_, tag: string) => ` ${splitCamel(tag).replaceAll('_', ' ')} `)
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[‘’]/g, "'")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:'\p{L}+)?|%/gu) ?? []
  );
}

function tokensOf(text: string): Tokens {
  const words = wordsOf(text);
  const forms = words.map(stems);
  const at = new Map<string, number[]>();
  forms.forEach((list, i) => list.forEach((form) => at.set(form, [...(at.get(form) ?? []), i])));
  return { words, forms, at };
}

const unchanged = new Set(['news', 'this', 'its', 'always', 'series', 'species', 'gas', 'yes', 'bus', 'plus', 'during', 'thing', 'nothing', 'something', 'everything', 'anything']);
const hasVowel = (text: string) => /[aeiouy]/.test(text);

/**
 * A light suffix stripper: "launches", "launched", "launching" → "launch". A stripped -ing/-ed
 * may have lost an "e", so it also gives that form: "hiring" → ["hir", "hire"], matching "hire".
 */
function stems(word: string): string[] {
  let w = word.replace(/'s$/, '');
  if (w.length <= 3 || unchanged.has(w) || /\d/.test(w)) return [w];
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    const base = w.slice(0, -suffix.length);
    if (!w.endsWith(suffix) || base.length < 3 || !hasVowel(base)) continue;
    if (/([^aeiouslz])\1$/.test(base)) return [base.slice(0, -1)];
    return /[^aeiouwxy]$/.test(base) ? [base, `${base}e`] : [base];
  }
  return [w];
}

/** How often a run of words (as stem forms) occurs in the text. */
function occurrences(text: Tokens, phrase: string[][]): number {
  const starts = new Set(phrase[0]?.flatMap((form) => text.at.get(form) ?? []));
  return [...starts].filter((start) => phrase.every((forms, j) => text.forms[start + j]?.some((form) => forms.includes(form)))).length;
}

const primary = (word: string) => stems(word)[0];

// ---- category

const KEYWORD_WEIGHT = 1;
const PHRASE_WEIGHT = 1.5;
const NAME_WEIGHT = 1;
const DESCRIPTION_WEIGHT = 0.3;
/** About one clear keyword: below it, no candidate fits. */
const THRESHOLD = 1;

const vague = new Set(['behind', 'company', 'business', 'businesses', 'customer', 'customers', 'people', 'thing', 'things', 'something', 'like', 'one', 'reason', 'now']);

interface Feature {
  phrase: string[][];
  weight: number;
}

type Candidate = ClassificationRequest['categories'][number];

/** A category's word runs with their weights, each run once at its highest weight. */
function featuresOf(category: Candidate): Map<string, Feature> {
  const features = new Map<string, Feature>();
  const add = (words: string[], weight: number) => {
    const key = words.map(primary).join(' ');
    if (words.length > 0 && weight > (features.get(key)?.weight ?? 0)) features.set(key, { phrase: words.map(stems), weight });
  };
  for (const keyword of category.keywords) {
    const words = wordsOf(keyword);
    add(words, words.filter((word) => !STOP_WORDS.has(word)).length > 1 ? PHRASE_WEIGHT : KEYWORD_WEIGHT);
  }
  const content = (text: string) => wordsOf(text).filter((word) => word.length >= 3 && !STOP_WORDS.has(word) && !vague.has(word));
  for (const word of content(category.name)) add([word], NAME_WEIGHT);
  for (const word of content(category.description ?? '')) add([word], DESCRIPTION_WEIGHT);
  return features;
}

/** Each category's score: its features found in the text, a feature shared by several candidates counting for less. */
function scoresOf(text: Tokens, categories: Candidate[]): number[] {
  const features = categories.map(featuresOf);
  const sharedBy = new Map<string, number>();
  for (const key of features.flatMap((map) => [...map.keys()])) sharedBy.set(key, (sharedBy.get(key) ?? 0) + 1);
  return features.map((map) => {
    let score = 0;
    for (const [key, { phrase, weight }] of map) {
      const count = occurrences(text, phrase);
      if (count > 0) score += (weight * (1 + 0.5 * (Math.min(count, 3) - 1))) / (sharedBy.get(key) ?? 1);
    }
    return score;
  });
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, min = 0, max = 1) => Math.min(max, Math.max(min, value));

function pickCategory(text: Tokens, categories: Candidate[]): Pick<Classification, 'category' | 'confidence'> {
  const scores = scoresOf(text, categories);
  // A stable sort: ties go to the earlier candidate, which the request lists as the nearer.
  const ranked = categories.map((category, i) => ({ name: category.name, score: scores[i] })).sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score < THRESHOLD) {
    // How sure that none fits: less so the closer the best came to the threshold.
    return { category: null, confidence: round2(0.8 - 0.5 * ((best?.score ?? 0) / THRESHOLD)) };
  }
  const strength = 1 - Math.exp(-best.score / 3);
  const margin = (best.score - (second?.score ?? 0)) / best.score;
  return { category: best.name, confidence: round2(clamp(strength * (0.4 + 0.6 * margin), 0.05, 0.95)) };
}

// ---- tags

const MAX_TAGS = 10;
const MAX_TERMS = 4;
const TAG_LENGTH = { min: 2, max: 50 };

const plain = new Set(
  `today tonight tomorrow week weekend day days time year years month just really back first last next every still very well make made
  ready link bio click order book anyone everyone someone something both over after before again even ever only also already while
  because around through into down off then other another whole want wanted need know told says said like look looks looking please
  thank thanks honestly actually little lots much many going doing getting`.split(/\s+/),
);
const usable = (tag: string) => tag.length >= TAG_LENGTH.min && tag.length <= TAG_LENGTH.max && /[a-z]/.test(tag);

/** Known tags found in the text, then the text's own hashtags, then its most frequent distinctive words. */
function pickTags(raw: string, text: Tokens, candidates: string[]): string[] {
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

  const terms = tokensOf(raw.replace(/#[\p{L}\p{N}_]+/gu, ' '));
  const counts = new Map<string, { word: string; count: number; first: number }>();
  terms.words.forEach((word, i) => {
    if (word.length < 4 || !/^\p{L}+$/u.test(word) || STOP_WORDS.has(word) || plain.has(word) || isSentiment(terms.forms[i])) return;
    const key = terms.forms[i][0];
    const entry = counts.get(key) ?? { word, count: 0, first: i };
    entry.count += 1;
    counts.set(key, entry);
  });
  // Longer words first among equals: they tend to be the nouns that say what a post is about.
  const salient = [...counts.values()].sort((a, b) => b.count - a.count || b.word.length - a.word.length || a.first - b.first).slice(0, MAX_TERMS);
  salient.forEach(({ word }) => add(normalised(word)));
  return tags;
}

// ---- sentiment

const lexicon = (words: string, weight: number) => words.split(/\s+/).map((word) => [primary(word), weight] as const);

const positive = new Map([
  ...lexicon('good great nice happy glad excited proud grateful thank thanks favourite favorite gorgeous enjoy joy fun lovely tasty kind success pleased chuffed cosy cozy beautiful delicious congratulations celebrate recommend yum smile hug', 1),
  ...lexicon('love amazing awesome excellent fantastic wonderful brilliant perfect thrilled delighted incredible superb best stunning', 2),
]);
const negative = new Map([
  ...lexicon('bad sad sorry unfortunately sadly problem issue delay cancel cancelled broken fail poor wrong annoying frustrated frustrating angry upset difficult stress stressful worried worry struggle damage disappointed disappointing disappointment dread tired pain hurt rude dirty', 1),
  ...lexicon('terrible awful horrible worst hate disgusting devastated furious heartbroken disaster nightmare', 2),
]);
const isSentiment = (forms: string[]) => forms.some((form) => positive.has(form) || negative.has(form));
const negators = new Set(['not', 'no', 'never', 'nothing', 'hardly', 'barely', 'cannot', 'without', 'neither', 'nor', 'dont', 'isnt', 'wasnt', 'cant', 'wont']);
const isNegator = (word: string) => negators.has(word) || word.endsWith("n't");

const happyEmoji = /[😀😁😄😊😍🥰🥳🎉🙌👏❤💛💚💙🧡💜]/gu;
const sadEmoji = /[😢😭😞😔😡😠💔👎😩]/gu;
const STRONG = 2;

function sentimentOf(raw: string, text: Tokens): Sentiment {
  let pos = Math.min(2, (raw.match(happyEmoji) ?? []).length * 0.5);
  let neg = Math.min(2, (raw.match(sadEmoji) ?? []).length);
  text.forms.forEach((forms, i) => {
    const negated = text.words.slice(Math.max(0, i - 3), i).some(isNegator);
    const up = Math.max(0, ...forms.map((form) => positive.get(form) ?? 0));
    const down = Math.max(0, ...forms.map((form) => negative.get(form) ?? 0));
    if (negated) {
      neg += up;
      pos += down;
    } else {
      pos += up;
      neg += down;
    }
  });
  if (pos >= STRONG && neg >= STRONG) return 'MIXED';
  if (pos - neg >= 1) return 'POSITIVE';
  if (neg - pos >= 1) return 'NEGATIVE';
  return 'NEUTRAL';
}

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
