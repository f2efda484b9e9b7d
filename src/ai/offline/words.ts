// Words and light stems, shared by the lexical classifier, the learned category model and its
// training script: what is learned must be cut into words exactly as what is classified.

const splitCamel = (tag: string) => tag.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');

/** Lower-case words without accents ("isn't" stays one word); hashtags split at capitals; "%" is a word, for "20% off". */
export function wordsOf(text: string): string[] {
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

const unchanged = new Set(['news', 'this', 'its', 'always', 'series', 'species', 'gas', 'yes', 'bus', 'plus', 'during', 'thing', 'nothing', 'something', 'everything', 'anything']);
const hasVowel = (text: string) => /[aeiouy]/.test(text);

/**
 * A light suffix stripper: "launches", "launched", "launching" → "launch". A stripped -ing/-ed
 * may have lost an "e", so it also gives that form: "hiring" → ["hir", "hire"], matching "hire".
 */
export function stems(word: string): string[] {
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

export const primaryStem = (word: string) => stems(word)[0];
