import type { DatabaseProvider } from './prisma-schema.ts';

/**
 * A SQL statement assembled from fragments with its bound values kept apart, rendered for one
 * database (`$1…` on PostgreSQL, `?` on SQLite). For statements Prisma's query API cannot say
 * (window functions, date bucketing); values never enter the text.
 */
export class Sql {
  constructor(
    readonly parts: readonly (string | { value: unknown })[] = [],
  ) {}

  render(provider: DatabaseProvider): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.parts
      .map((part) => {
        if (typeof part === 'string') return part;
        values.push(part.value);
        return provider === 'postgresql' ? `$${values.length}` : '?';
      })
      .join('');
    return { text, values };
  }
}

/** Tagged template: `${value}` binds a value, `${sql`…`}` nests a fragment, `${raw('…')}` inserts trusted text. */
export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  const parts: (string | { value: unknown })[] = [];
  strings.forEach((text, index) => {
    parts.push(text);
    if (index >= args.length) return;
    const arg = args[index];
    if (arg instanceof Sql) parts.push(...arg.parts);
    else if (arg instanceof Raw) parts.push(arg.text);
    else parts.push({ value: arg });
  });
  return new Sql(parts);
}

class Raw {
  constructor(readonly text: string) {}
}

/** Text written by the program itself (column names, dialect functions), never user input. */
export const raw = (text: string) => new Raw(text);

export const joinSql = (fragments: readonly Sql[], separator: string) =>
  new Sql(fragments.flatMap((fragment, index) => (index === 0 ? fragment.parts : [separator, ...fragment.parts])));

/** `value1, value2, …` bound one by one, for `IN (…)`. */
export const listOf = (values: readonly unknown[]) => joinSql(values.map((value) => sql`${value}`), ', ');
