import type { ClassificationRequest } from '../types.ts';
import { STOP_WORDS } from './text.ts';
import { occurrences, type Tokens, tokensOf } from './tokens.ts';
import { primaryStem as primary, stems, wordsOf } from './words.ts';

// A candidate category's score from its own words: keywords, name and description found in the
// text (as stems, so "launches" matches "launch"). All a business's own categories offer.

const KEYWORD_WEIGHT = 1;
const PHRASE_WEIGHT = 1.5;
const NAME_WEIGHT = 1;
const DESCRIPTION_WEIGHT = 0.3;
/** About one clear keyword: below it, no candidate fits. */
export const KEYWORD_THRESHOLD = 1;

const vague = new Set(['behind', 'company', 'business', 'businesses', 'customer', 'customers', 'people', 'thing', 'things', 'something', 'like', 'one', 'reason', 'now']);

interface Feature {
  phrase: string[][];
  weight: number;
}

export type Candidate = ClassificationRequest['categories'][number];

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
export function keywordScores(raw: string, categories: Candidate[]): number[] {
  return scoresOf(tokensOf(raw), categories);
}

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
