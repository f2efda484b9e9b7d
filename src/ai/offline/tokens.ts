import { primaryStem, stems, wordsOf } from './words.ts';

// A text as words with their stem forms, to find words and phrases in it by stem.

export interface Tokens {
  words: string[];
  /** Each word's stem forms: ["hir", "hire"] for "hiring". */
  forms: string[][];
  at: Map<string, number[]>;
}

export function tokensOf(text: string): Tokens {
  const words = wordsOf(text);
  const forms = words.map(stems);
  const at = new Map<string, number[]>();
  forms.forEach((list, i) => list.forEach((form) => (at.get(form) ?? at.set(form, []).get(form)!).push(i)));
  return { words, forms, at };
}

/** How often a run of words (as stem forms) occurs in the text. */
export function occurrences(text: Tokens, phrase: string[][]): number {
  const starts = new Set(phrase[0]?.flatMap((form) => text.at.get(form) ?? []));
  return [...starts].filter((start) => phrase.every((forms, j) => text.forms[start + j]?.some((form) => forms.includes(form)))).length;
}
