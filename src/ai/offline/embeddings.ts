/**
 * Offline text embeddings by feature hashing (the "hashing trick"), with no model and no network.
 *
 * Method: the text is lower-cased and split into words (letters and digits, accents removed).
 * Features are the words that are not stop words (weight 1), pairs of neighbouring such words
 * (weight 0.5, for a little word order) and character trigrams of each word, padded with
 * boundary marks (weight 0.25, so "smoothie" and "smoothies" still overlap). Each feature is
 * hashed to one of EMBEDDING_DIMENSIONS buckets and, by a second hash bit, added with a + or −
 * sign so that collisions cancel out on average instead of piling up. The vector is then
 * L2-normalised; a text with no features (empty, only stop words or punctuation) gives the zero
 * vector rather than NaN.
 *
 * Limits: it is purely lexical. Texts are similar only when they share words or word fragments:
 * it knows no synonyms ("cheap" vs "affordable"), no meaning, no other languages' equivalents,
 * and negation is invisible ("not good" ≈ "good"). With 256 buckets, unrelated texts still get
 * small non-zero similarities from hash collisions. Good enough for de-duplication and
 * "more like this" in development and tests, not for semantic search.
 */
import { hashString } from './random.ts';
import { STOP_WORDS } from './text.ts';

export const EMBEDDING_DIMENSIONS = 256;

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.25;
const SIGN_SEED = 0x9e3779b9;

export function embedText(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  const add = (feature: string, weight: number) => {
    const bucket = hashString(feature) % EMBEDDING_DIMENSIONS;
    const sign = hashString(feature, SIGN_SEED) & 1 ? 1 : -1;
    vector[bucket] += sign * weight;
  };

  const words = tokens(text).filter((word) => !STOP_WORDS.has(word));
  words.forEach((word, i) => {
    add(`w:${word}`, WORD_WEIGHT);
    if (i > 0) add(`b:${words[i - 1]} ${word}`, BIGRAM_WEIGHT);
    const padded = `<${word}>`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
  });

  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
