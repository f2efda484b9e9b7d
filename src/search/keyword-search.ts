import { prisma } from '../db/client.ts';
import type { DatabaseProvider } from '../db/prisma-schema.ts';
import { Prisma } from '../generated/prisma-postgresql/client.ts';
import { documentConditions, documentOwners, type HitKind, type SearchFilter } from './search-filter.ts';
import { fts5Expression, type SearchTerms, websearchText } from './search-terms.ts';
import { ELLIPSIS, hasMark, MARK_END, MARK_START } from './snippet.ts';

export interface RankedHit {
  kind: HitKind;
  id: string;
  score: number;
}

export interface Page {
  offset: number;
  limit: number;
}

// Title outranks hashtags, which outrank the caption (and script): bm25 column weights on SQLite,
// setweight A/B/C on PostgreSQL (ts_rank's default weights 1, 0.4, 0.2 for A, B, C).
const BM25_WEIGHTS = Prisma.sql`0.0, 10.0, 4.0, 1.0`;
const SNIPPET_TOKENS = 24;

/**
 * The business's documents matching the terms, best first, one page of them. On SQLite the CROSS
 * JOIN keeps the full-text index as the outer loop: the planner would otherwise walk the
 * business's documents and run the match once per row.
 */
export function keywordHits(provider: DatabaseProvider, businessId: string, terms: SearchTerms, filter: SearchFilter, page: Page): Promise<RankedHit[]> {
  const where = documentConditions(businessId, filter);
  if (provider === 'sqlite') {
    return prisma.$queryRaw<RankedHit[]>`
      SELECT d."kind", d."ownerId" AS "id", -bm25("SearchDocumentText", ${BM25_WEIGHTS}) AS "score"
      FROM "SearchDocumentText" CROSS JOIN "SearchDocument" d ON d."id" = "SearchDocumentText".rowid
      ${documentOwners}
      WHERE "SearchDocumentText" MATCH ${sqliteMatch(businessId, terms)} AND ${where}
      ORDER BY "score" DESC, d."ownerId" LIMIT ${page.limit} OFFSET ${page.offset}`;
  }
  return prisma.$queryRaw<RankedHit[]>`
    SELECT d."kind", d."ownerId" AS "id", ts_rank(d."document", q) AS "score"
    FROM "SearchDocument" d CROSS JOIN websearch_to_tsquery('english', ${websearchText(terms)}) AS q
    ${documentOwners}
    WHERE d."document" @@ q AND ${where}
    ORDER BY "score" DESC, d."ownerId" LIMIT ${page.limit} OFFSET ${page.offset}`;
}

/**
 * The business's own id is a term of the match too: FTS5 then walks only that business's entries
 * (intersecting posting lists) instead of ranking every business's matches and dropping them.
 */
const sqliteMatch = (businessId: string, terms: SearchTerms) =>
  `businessId : "${businessId.replaceAll('"', '""')}" AND {title tags body} : (${fts5Expression(terms)})`;

interface ColumnSnippets {
  id: string;
  title: string | null;
  tags: string | null;
  body: string | null;
}

/** Each document's best matching column as marked text (see snippet.ts), by owner id. */
export async function keywordSnippets(provider: DatabaseProvider, businessId: string, terms: SearchTerms, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    provider === 'sqlite'
      ? await prisma.$queryRaw<ColumnSnippets[]>`
          SELECT d."ownerId" AS "id",
            snippet("SearchDocumentText", 1, ${MARK_START}, ${MARK_END}, ${ELLIPSIS}, ${SNIPPET_TOKENS}) AS "title",
            snippet("SearchDocumentText", 2, ${MARK_START}, ${MARK_END}, ${ELLIPSIS}, ${SNIPPET_TOKENS}) AS "tags",
            snippet("SearchDocumentText", 3, ${MARK_START}, ${MARK_END}, ${ELLIPSIS}, ${SNIPPET_TOKENS}) AS "body"
          FROM "SearchDocumentText" CROSS JOIN "SearchDocument" d ON d."id" = "SearchDocumentText".rowid
          WHERE "SearchDocumentText" MATCH ${sqliteMatch(businessId, terms)} AND d."businessId" = ${businessId} AND d."ownerId" IN (${Prisma.join(ids)})`
      : await prisma.$queryRaw<ColumnSnippets[]>`
          SELECT d."ownerId" AS "id",
            ts_headline('english', d."title", q, ${headlineOptions}) AS "title",
            ts_headline('english', d."tags", q, ${headlineOptions}) AS "tags",
            ts_headline('english', d."body", q, ${headlineOptions}) AS "body"
          FROM "SearchDocument" d CROSS JOIN websearch_to_tsquery('english', ${websearchText(terms)}) AS q
          WHERE d."businessId" = ${businessId} AND d."ownerId" IN (${Prisma.join(ids)})`;
  return new Map(rows.map((row) => [row.id, bestColumn(row)]));
}

const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=${SNIPPET_TOKENS}, MinWords=8, MaxFragments=1, FragmentDelimiter=${ELLIPSIS}`;

const bestColumn = ({ title, tags, body }: ColumnSnippets) =>
  [body, title, tags].find((column) => column && hasMark(column)) ?? body ?? title ?? '';
