import type { Context } from '../context.ts';

/** A Prisma `where` as the schema's resolvers write it (only the shapes prisma-sql.ts translates compile). */
export type PrismaWhere = Record<string, unknown>;
export type PrismaOrderBy = ReadonlyArray<Partial<Record<string, 'asc' | 'desc'>>>;

/**
 * How a field that has a resolver of its own reads its rows, said next to that resolver so the two
 * share the same `where` and `orderBy`: compiled reads (use-compiled-reads.ts) turn it into SQL.
 * Fields that expose a column, a to-one relation or a variant of the same row need none.
 */
export type ReadDescriptor =
  /** A root field answering one row of `model` (or null). */
  | { kind: 'rootRow'; model: string; where(args: Record<string, unknown>, ctx: Context): PrismaWhere }
  /** A root connection over `model`: its rows in `orderBy`, its totalCount under the same `where`. */
  | { kind: 'rootConnection'; model: string; where(args: Record<string, unknown>, ctx: Context): PrismaWhere; orderBy: PrismaOrderBy }
  /** A relatedConnection over a list relation; `query` is the one the connection is defined with. */
  | { kind: 'relationConnection'; relation: string; query(args: Record<string, unknown>): { where?: PrismaWhere; orderBy: PrismaOrderBy } }
  /** The first row of a list relation in `orderBy` (or null). */
  | { kind: 'relationFirst'; relation: string; orderBy: PrismaOrderBy };

/** A field's `extensions` that describe how it reads (see ReadDescriptor). */
export const compiledRead = (descriptor: ReadDescriptor) => ({ compiledRead: descriptor });

export function readDescriptorOf(extensions: Readonly<Record<string, unknown>> | null | undefined): ReadDescriptor | undefined {
  return extensions?.compiledRead as ReadDescriptor | undefined;
}
