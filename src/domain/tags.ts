export const MAX_TAGS_PER_CONTENT = 10;
export const MAX_TAG_SUGGESTIONS = 50;
const MAX_TAG_LENGTH = 50;

/**
 * The one spelling of a tag: "  #Summer Sale " → "summer_sale", "Café" → "cafe" (accents
 * dropped, only a–z, 0–9 and _). Null when nothing usable is left.
 */
export function normalizeTag(raw: string): string | null {
  const tag = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/^#+/, '')
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return tag && tag.length <= MAX_TAG_LENGTH ? tag : null;
}

/** Normalised, de-duplicated, in order of first appearance, at most `max`. */
export function normalizeTags(raw: Iterable<string>, max = MAX_TAGS_PER_CONTENT): string[] {
  const tags = new Set<string>();
  for (const candidate of raw) {
    const tag = normalizeTag(candidate);
    if (tag) tags.add(tag);
    if (tags.size === max) break;
  }
  return [...tags];
}
