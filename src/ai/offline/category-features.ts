import { primaryStem, wordsOf } from './words.ts';

// What the learned category model counts in a text: word stems and pairs of neighbouring stems.
// (Character 4-grams were tried too and measured worse on the dev split: they mostly learned the
// industries' product names.) Links, mentions, prices and numbers become one token each: which
// link or which price says nothing about the category.

export function categoryFeatures(text: string): string[] {
  const words = wordsOf(
    text
      .replace(/https?:\/\/\S+/g, ' xlink ')
      .replace(/(^|\s)@[\w.]+/g, ' xmention ')
      .replace(/[£$€]\s?\d[\d,.]*/g, ' xprice ')
      .replace(/\b\d+(?:[.,:]\d+)*\b/g, ' xnumber '),
  ).map(primaryStem);
  const features: string[] = [];
  words.forEach((word, i) => {
    features.push(`w:${word}`);
    if (i > 0) features.push(`b:${words[i - 1]} ${word}`);
  });
  return features;
}
