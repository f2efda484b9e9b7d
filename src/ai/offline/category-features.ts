import { primaryStem, wordsOf } from './words.ts';

// What the learned category model counts in a text: word stems and pairs of neighbouring stems,
// and the stems of its lead (the first sentence, after an email's subject and greeting) once more
// on their own: a post mostly says what it is for first, and a second message comes later.
// (Character 4-grams were tried too and measured worse on the dev split: they mostly learned the
// industries' product names.) Links, mentions, prices and numbers become one token each: which
// link or which price says nothing about the category.

const stemsOf = (text: string) =>
  wordsOf(
    text
      .replace(/https?:\/\/\S+/g, ' xlink ')
      .replace(/(^|\s)@[\w.]+/g, ' xmention ')
      .replace(/[£$€]\s?\d[\d,.]*/g, ' xprice ')
      .replace(/\b\d+(?:[.,:]\d+)*\b/g, ' xnumber '),
  ).map(primaryStem);

/** The first sentence of the body: an email's subject line and a short greeting line are skipped. */
function leadOf(text: string): string {
  const body = text.replace(/^\s*Subject:[^\n]*\n/i, '').replace(/^\s*(hi|hello|hey|dear|good (morning|afternoon|evening))\b[^\n]{0,40}\n/i, '');
  return body.split(/(?<=[.!?])\s+|\n+/u).find((sentence) => sentence.trim()) ?? '';
}

export function categoryFeatures(text: string): string[] {
  const words = stemsOf(text);
  const features: string[] = [];
  words.forEach((word, i) => {
    features.push(`w:${word}`);
    if (i > 0) features.push(`b:${words[i - 1]} ${word}`);
  });
  for (const word of stemsOf(leadOf(text))) features.push(`l:${word}`);
  return features;
}
