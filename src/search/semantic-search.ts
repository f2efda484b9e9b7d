import { prisma } from '../db/client.ts';
import { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { Page, RankedHit } from './keyword-search.ts';
import { contentConditions, type SearchFilter } from './search-filter.ts';
import { copyLackingPgvectorRows, lacksPgvectorRow, vectorLiteral } from './pgvector.ts';
import { fromBytes, toBytes } from './vector-bytes.ts';
import type { VectorSearch } from './vector-search.ts';

export interface VectorQuery {
  vector: number[];
  model: string;
  /** Content left out of the results (the one "more like this" starts from). */
  excludeId?: string;
}

/**
 * The business's content nearest to the vector by cosine similarity (score = 1 − cosine
 * distance), one page of it. SQLite computes the distances with sqlite-vec inside the query, and
 * PostgreSQL with pgvector when it is on (see pgvector.ts); without it, PostgreSQL streams the
 * business's vectors (and only those, filtered in SQL) and compares them here. Every way is an
 * exact scan, bounded by one business, so the three rank alike.
 */
export async function semanticHits(vectorSearch: VectorSearch, businessId: string, query: VectorQuery, filter: SearchFilter, page: Page): Promise<RankedHit[]> {
  const where = Prisma.sql`v."businessId" = ${businessId} AND v."model" = ${query.model} AND v."dimensions" = ${query.vector.length}
    AND ${contentConditions(businessId, filter)}
    ${query.excludeId ? Prisma.sql` AND c."id" <> ${query.excludeId}` : Prisma.empty}`;
  if (vectorSearch === 'pgvector') {
    const hits = await pgvectorHits(businessId, query, where, page);
    if (hits) return hits;
    // Vectors stored without their copy (before pgvector was on, bulk loads, a restore): copied now,
    // a bounded number per search; until all are, the exact scan below answers.
    await copyLackingPgvectorRows(businessId);
    const afterCopy = await pgvectorHits(businessId, query, where, page);
    if (afterCopy) return afterCopy;
  }
  if (vectorSearch === 'sqlite-vec') {
    const rows = await prisma.$queryRaw<{ id: string; score: number }[]>`
      SELECT c."id", 1.0 - vec_distance_cosine(v."vector", ${toBytes(query.vector)}) AS "score"
      FROM "ContentVector" v JOIN "Content" c ON c."id" = v."contentId"
      WHERE ${where}
      ORDER BY "score" DESC, c."id" LIMIT ${page.limit} OFFSET ${page.offset}`;
    return rows.map((row) => ({ kind: 'CONTENT', id: row.id, score: row.score }));
  }
  // As base64 text: the driver adapter's conversion of bytea values costs far more than this.
  const rows = await prisma.$queryRaw<{ id: string; vector: string }[]>`
    SELECT c."id", encode(v."vector", 'base64') AS "vector" FROM "ContentVector" v JOIN "Content" c ON c."id" = v."contentId" WHERE ${where}`;
  const target = Float32Array.from(query.vector);
  return rows
    .map((row) => ({ kind: 'CONTENT' as const, id: row.id, score: cosineSimilarity(target, fromBytes(Buffer.from(row.vector, 'base64'))) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(page.offset, page.offset + page.limit);
}

/**
 * The same ranking by pgvector, in one statement that first looks for a vector of the business
 * without its copy (see pgvector.ts): then nothing is ranked (the LATERAL part is not run) and the
 * answer is null. Zero vectors (text without features) have no cosine distance (NaN): scored 0,
 * as the exact scan scores them. Ties go by id in code-point order ("C"), as there.
 */
async function pgvectorHits(businessId: string, query: VectorQuery, where: Prisma.Sql, page: Page): Promise<RankedHit[] | null> {
  const rows = await prisma.$queryRaw<{ lacking: boolean; id: string | null; score: number | null }[]>`
    WITH "check" AS MATERIALIZED (
      SELECT EXISTS (SELECT 1 FROM "ContentVector" v WHERE v."businessId" = ${businessId} AND v."model" = ${query.model} AND ${lacksPgvectorRow}) AS "lacking")
    SELECT "check"."lacking", r."id", r."score" FROM "check" LEFT JOIN LATERAL (
      SELECT c."id", 1.0 - COALESCE(NULLIF(p."embedding" <=> ${vectorLiteral(query.vector)}::vector, 'NaN'::float8), 1.0) AS "score"
      FROM "ContentVectorPg" p
        JOIN "ContentVector" v ON v."contentId" = p."contentId" AND v."updatedAt" = p."vectorUpdatedAt"
        JOIN "Content" c ON c."id" = v."contentId"
      WHERE NOT "check"."lacking" AND p."businessId" = ${businessId} AND vector_dims(p."embedding") = ${query.vector.length} AND ${where}
      ORDER BY "score" DESC, c."id" COLLATE "C" LIMIT ${page.limit} OFFSET ${page.offset}) r ON true
    ORDER BY r."score" DESC, r."id" COLLATE "C"`;
  if (rows[0]?.lacking !== false) return null;
  return rows.flatMap((row) => (row.id === null ? [] : [{ kind: 'CONTENT' as const, id: row.id, score: row.score! }]));
}

function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
