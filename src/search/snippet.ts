// The databases mark matches with these private-use characters; only here do they become <mark>,
// after the text around them is escaped, so a snippet is always safe to render as HTML.
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
export const ELLIPSIS = '…';
const SNIPPET_WORDS = 24;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderSnippet(marked: string): string {
  return escapeHtml(marked).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

export const hasMark = (marked: string) => marked.includes(MARK_START);

/**
 * For text the database did not mark (semantic hits): about SNIPPET_WORDS words around the first
 * wanted word (or from the start), each wanted word marked.
 */
export function markWords(text: string, words: readonly string[]): string {
  const wanted = new Set(words);
  const parts = text.replaceAll(MARK_START, '').replaceAll(MARK_END, '').split(/(\s+)/);
  const isWanted = (part: string) => wanted.has(part.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
  const firstHit = Math.max(0, parts.findIndex(isWanted));
  const start = Math.max(0, firstHit - 8) & ~1;
  const end = start + SNIPPET_WORDS * 2;
  const excerpt = parts
    .slice(start, end)
    .map((part) => (isWanted(part) ? `${MARK_START}${part}${MARK_END}` : part))
    .join('')
    .trim();
  return `${start > 0 ? ELLIPSIS : ''}${excerpt}${end < parts.length ? ELLIPSIS : ''}`;
}
