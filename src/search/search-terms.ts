/**
 * What a user typed into a search box, read the way PostgreSQL's websearch_to_tsquery reads it:
 * words are all required, "quoted text" is a phrase, `or` between two terms makes either do, and
 * a leading `-` excludes a term. Everything else (quotes left open, operators, brackets, column
 * filters, stars, carets) is punctuation: only letters and digits reach the database, so no input
 * can break the query syntax of either database.
 */
export interface SearchTerms {
  /** Every group must match; a group matches when one of its phrases does. */
  required: string[][][];
  /** Phrases that must not match. */
  excluded: string[][];
}

const MAX_PHRASES = 32;
const WORD = /[\p{L}\p{N}]+/gu;

const wordsOf = (text: string) => text.normalize('NFKC').toLowerCase().match(WORD) ?? [];

export function parseSearchTerms(query: string): SearchTerms {
  const required: string[][][] = [];
  const excluded: string[][] = [];
  let joinNext = false;
  let count = 0;
  // A chunk is a "quoted phrase" (closed or not) or a run of non-space characters, maybe after a -.
  for (const [, minus, quoted, bare] of query.matchAll(/(-?)(?:"([^"]*)"?|([^\s"]+))/g)) {
    if (count >= MAX_PHRASES) break;
    if (!quoted && !minus && bare?.toLowerCase() === 'or') {
      joinNext = required.length > 0;
      continue;
    }
    const phrase = wordsOf(quoted ?? bare ?? '');
    if (phrase.length === 0) continue;
    count++;
    if (minus) {
      excluded.push(phrase);
    } else if (joinNext) {
      required[required.length - 1].push(phrase);
    } else {
      required.push([phrase]);
    }
    joinNext = false;
  }
  return { required, excluded };
}

export const hasTerms = (terms: SearchTerms) => terms.required.length > 0;

/** Every word the user asked for, for highlighting text the database did not mark. */
export const wantedWords = (terms: SearchTerms) => [...new Set(terms.required.flat(2))];

const ftsPhrase = (phrase: string[]) => `"${phrase.join(' ')}"`;

/** An FTS5 MATCH expression over the searchable columns; words hold only letters and digits. */
export function fts5Expression(terms: SearchTerms): string {
  const groups = terms.required.map((group) => (group.length === 1 ? ftsPhrase(group[0]) : `(${group.map(ftsPhrase).join(' OR ')})`));
  const positive = groups.join(' AND ');
  if (terms.excluded.length === 0) return positive;
  return `(${positive}) NOT (${terms.excluded.map(ftsPhrase).join(' OR ')})`;
}

/** The same terms spelled for websearch_to_tsquery, which then never sees anything but words. */
export function websearchText(terms: SearchTerms): string {
  const groups = terms.required.map((group) => group.map(ftsPhrase).join(' or '));
  return [...groups, ...terms.excluded.map((phrase) => `-${ftsPhrase(phrase)}`)].join(' ');
}
