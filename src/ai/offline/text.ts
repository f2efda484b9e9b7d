// Small string helpers shared by the offline writers.

export const STOP_WORDS = new Set(
  `a an and are as at be been but by can do does for from get got had has have how i if in into is it its
  just me more most my new no not of on or our out so some than that the their them then there these they
  this those to up us very was we were what when where which who why will with you your yours about all
  also any each every here much only own same such too via would could should may might let lets it's we're`.split(/\s+/),
);

/** Lower-cased word tokens (letters and digits, any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** At most `max` characters, cut at a word boundary with an ellipsis. */
export function clip(text: string, max: number, ellipsis = '…'): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  if (max <= ellipsis.length) return trimmed.slice(0, max);
  const cut = trimmed.slice(0, max - ellipsis.length);
  const space = cut.lastIndexOf(' ');
  const kept = (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?—–-]+$/u, '');
  return `${kept}${ellipsis}`;
}

/** Capitalised, ending in punctuation (`end` unless it already has some). */
export function sentence(text: string, end = '.'): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?…]$/u.test(trimmed) ? capitalize(trimmed) : `${capitalize(trimmed)}${end}`;
}

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

export function sentencesOf(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Replaces {key} with vars[key], and {Key} with it capitalised. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => {
    const value = vars[key] ?? vars[key.charAt(0).toLowerCase() + key.slice(1)];
    if (value === undefined) return match;
    return key.charAt(0) === key.charAt(0).toUpperCase() ? capitalize(value) : value;
  });
}

/** ASCII letters and digits only: "Joe's Café!" → ["Joes", "Cafe"]. */
export function asciiWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f'’]/g, '')
      .match(/[A-Za-z0-9]+/g) ?? []
  );
}

export const pascalCase = (parts: readonly string[]) => parts.map(capitalize).join('');

/** GSM-7 friendly punctuation for SMS: one curly quote, dash or emoji makes it Unicode, halving its length. */
export function gsmSafe(text: string): string {
  return text
    .replace(/…/g, '...')
    .replace(/[—–]/g, '-')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .replace(/[ \t]{2,}/g, ' ');
}
