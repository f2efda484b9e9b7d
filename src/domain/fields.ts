import { z } from 'zod';
import { ContentType, Platform } from './enums.ts';
import { ValidationError } from './errors.ts';
import { normalizeTag } from './tags.ts';

// Input rules shared by every entry point: the services parse with these, and AI output is held
// to the same ones, so what a provider writes can be stored as it is.

/** Parses input with a zod schema, turning every issue into a field error with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, basePath: string[] = ['input']): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: [...basePath, ...issue.path.map(String)], message: issue.message })),
  );
}

export const limits = {
  name: 200,
  shortText: 500,
  longText: 5_000,
  caption: 5_000,
  script: 20_000,
  listItems: 50,
} as const;

/** Pages of lists, on every entry point: how many items when not asked, and at most. */
export const pageSize = { default: 20, max: 100 } as const;

/** A page of a list: `after` is the id of the last item of the previous page. */
export const pageInput = z.object({
  first: z.number().int().min(1, 'Must be at least 1').max(pageSize.max, `Must be at most ${pageSize.max}`).default(pageSize.default),
  after: z.string().nullish(),
});

export const MAX_CAMPAIGN_DAYS = 365;
export const MAX_CALENDAR_ENTRIES = 1_000;
/** Automation rules one business may have: every content write evaluates all of them. */
export const MAX_RULES_PER_BUSINESS = 100;
/** Earlier versions kept as assets of a content item; regenerating beyond drops the oldest. */
export const MAX_KEPT_VERSIONS = 50;

// Control characters other than tab and line breaks (terminal escapes and the like) have no place in
// what Herald stores and shows; neither has text made only of invisible characters.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const VISIBLE = /[^\s\p{Cf}]/u;
const bounded = (max: number) =>
  z.string().trim().max(max, `Must be at most ${max} characters`).refine((value) => !CONTROL.test(value), 'Must not contain control characters');

/** Trimmed, non-empty (something visible), bounded text. */
export const text = (max: number) => bounded(max).refine((value) => VISIBLE.test(value), 'Must not be empty');
export const optionalText = (max: number) =>
  bounded(max)
    .nullish()
    .transform((v) => (v ? v : null));
export const textList = (maxItems: number, maxLength: number) =>
  z.array(text(maxLength)).max(maxItems, `At most ${maxItems} items`);
export const url = z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL' }).max(2_000);

/** A list of at most `max` items, repeats dropped. */
export const distinctList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.array(item).max(max, `At most ${max} items`).transform((list) => [...new Set(list)]);

const withoutPrefix = (prefix: string, rest: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .transform((value) => value.replace(new RegExp(`^\\${prefix}+`), ''))
    .pipe(rest);

/** A hashtag as stored: without '#', letters, digits and _. */
export const hashtagBody = z.string().min(1, 'Must not be empty').max(100).regex(/^[\p{L}\p{N}_]+$/u, 'Letters, digits and _ only');
/** A hashtag as typed by a person: a leading '#' is dropped. */
export const hashtag = withoutPrefix('#', hashtagBody);
/** A handle as typed by a person: a leading '@' is dropped. */
export const mention = withoutPrefix('@', z.string().min(1, 'Must not be empty').max(100).regex(/^[\p{L}\p{N}_.-]+$/u, 'Letters, digits, _ . - only'));

/** A tag in its one spelling (see normalizeTag). */
export const tagName = z.string().transform((raw, ctx) => normalizeTag(raw) ?? (ctx.addIssue({ code: 'custom', message: 'Letters, digits, _ or -, at most 50' }), z.NEVER));

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day as HH:MM');

export const calendarEntry = z.object({
  day: z.number().int().min(1, 'Must be at least 1').max(MAX_CAMPAIGN_DAYS),
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  theme: text(limits.shortText),
});
