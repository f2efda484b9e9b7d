import { prisma } from '../db/client.ts';
import { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { Page, RankedHit } from './keyword-search.ts';
import { contentConditions, type SearchFilter } from './search-filter.ts';
import { fromBytes, toBytes } from './content-vectors.ts';
import { hasVectorsLackingPgvectorRows, vectorLiteral } from './pgvector.ts';
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
  if (vectorSearch === 'pgvector' && !(await hasVectorsLackingPgvectorRows(businessId, query.model))) {
    // Zero vectors (text without features) have no cosine distance (NaN): scored 0 as the exact scan
    // scores them. Ties go by id in code-point order ("C"), as the exact scan's sort orders them.
    const rows = await prisma.$queryRaw<{ id: string; score: number }[]>`
      SELECT c."id", 1.0 - COALESCE(NULLIF(p."embedding" <=> ${vectorLiteral(query.vector)}::vector, 'NaN'::float8), 1.0) AS "score"
      FROM "ContentVectorPg" p
        JOIN "ContentVector" v ON v."contentId" = p."contentId" AND v."updatedAt" = p."vectorUpdatedAt"
        JOIN "Content" c ON c."id" = v."contentId"
      WHERE p."businessId" = ${businessId} AND vector_dims(p."embedding") = ${query.vector.length} AND ${where}
      ORDER BY "score" DESC, c."id" COLLATE "C" LIMIT ${page.limit} OFFSET ${page.offset}`;
    return rows.map((row) => ({ kind: 'CONTENT', id: row.id, score: row.score }));
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
