import { z } from 'zod';
import { ValidationError } from './errors.ts';

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

/** Trimmed, non-empty, bounded text. */
export const text = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);
export const optionalText = (max: number) =>
  z.string().trim().max(max, `Must be at most ${max} characters`).nullish().transform((v) => (v ? v : null));
export const textList = (maxItems: number, maxLength: number) =>
  z.array(text(maxLength)).max(maxItems, `At most ${maxItems} items`);
export const url = z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL' }).max(2_000);
