import { isDeepStrictEqual } from 'node:util';

// The fields a version keeps: what people, the AI and rules change about a campaign or content.
// Status, schedule and counters are not versioned (they move through lifecycles, not edits).

export const contentVersionedFields = ['title', 'caption', 'hashtags', 'mentions', 'media', 'script', 'platform', 'contentType', 'day', 'primaryCategoryId', 'tags'] as const;
/** What restoreVersion writes back to content; the category and tags follow the text through tagging. */
export const contentRestorableFields = ['title', 'caption', 'hashtags', 'mentions', 'media', 'script', 'platform', 'contentType', 'day'] as const;

export const campaignVersionedFields = [
  'name',
  'goal',
  'campaignType',
  'durationDays',
  'strategySummary',
  'contentCalendar',
  'targetPlatforms',
  'contentStyle',
  'visualStyle',
  'hashtagStrategy',
  'ctaPattern',
  'estimatedCost',
  'startDate',
  'postingFrequency',
  'optimalTimes',
] as const;
export const campaignRestorableFields = campaignVersionedFields;
/** Campaign fields stored as dates, kept in versions as ISO strings. */
export const campaignDateFields: readonly string[] = ['startDate'];

type Row = Record<string, unknown>;
const jsonValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value === undefined ? null : value);

/**
 * The version of a change from `before` to `after` (after: only the fields written), or null when
 * nothing versioned changes: the fields that change, and every versioned field as it was.
 */
export function versionOf(fields: readonly string[], before: Row, after: Row): { changedFields: string[]; previous: Record<string, unknown> } | null {
  const changedFields = fields.filter((field) => field in after && after[field] !== undefined && !isDeepStrictEqual(jsonValue(before[field]), jsonValue(after[field])));
  if (!changedFields.length) return null;
  return { changedFields, previous: Object.fromEntries(fields.map((field) => [field, jsonValue(before[field])])) };
}
