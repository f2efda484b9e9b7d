import { prisma } from '../db/client.ts';
import { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { Logger } from '../logger.ts';
import { fromBytes } from './vector-bytes.ts';

const COPY_BATCH = 250;
/** A search copies at most this many stored vectors (no provider call, so more than it embeds). */
const MAX_COPIED_PER_SEARCH = 2_000;

/**
 * pgvector's copy of ContentVector. It stays out of Prisma's schema and migrations, so both remain
 * portable and nothing requires the extension: it is created at start when the server has pgvector,
 * and holds derived data only, written beside each vector and filled for vectors stored without it
 * (before pgvector was on, or by bulk loads). "vectorUpdatedAt" is the updatedAt of the ContentVector
 * row it was copied from: a vector replaced since (while PGVECTOR=off) makes its copy count as missing.
 */
const SETUP = [
  'CREATE EXTENSION IF NOT EXISTS vector',
  `CREATE TABLE IF NOT EXISTS "ContentVectorPg" (
    "contentId" text PRIMARY KEY REFERENCES "ContentVector"("contentId") ON DELETE CASCADE,
    "businessId" text NOT NULL,
    "vectorUpdatedAt" timestamp(3) NOT NULL,
    "embedding" vector NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS "ContentVectorPg_businessId_idx" ON "ContentVectorPg"("businessId")',
];

/**
 * Creates the extension and the side table if missing; false (and one info line) when the server
 * has no pgvector or this role may not create it. Under a lock: instances starting together would
 * otherwise race each other's CREATE ... IF NOT EXISTS into duplicate-key errors.
 */
export async function enablePgvector(logger: Logger): Promise<boolean> {
  const [{ available }] = await prisma.$queryRaw<{ available: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS "available"`;
  if (!available) {
    logger.info('pgvector is not installed on the PostgreSQL server: semantic search scans vectors exactly');
    return false;
  }
  try {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended('herald:pgvector', 0))");
      for (const statement of SETUP) await tx.$executeRawUnsafe(statement);
    });
    return true;
  } catch (error) {
    logger.info({ reason: driverError(error)?.originalMessage ?? String(error) }, 'pgvector could not be enabled: semantic search scans vectors exactly');
    return false;
  }
}

/** pgvector's text form; float32 first, so the database holds exactly the float32 values of ContentVector. */
export const vectorLiteral = (vector: ArrayLike<number>) => `[${Float32Array.from(vector as number[]).join(',')}]`;

/**
 * Upserts the side rows of these vectors, copied with their ContentVector row's business and
 * updatedAt; in id order, so two searches copying the same rows lock them in the same order.
 */
export function upsertPgvectorRows(vectors: readonly (readonly [contentId: string, vector: ArrayLike<number>])[]) {
  const values = vectors.map(([contentId, vector]) => Prisma.sql`(${contentId}, ${vectorLiteral(vector)})`);
  return prisma.$executeRaw`
    INSERT INTO "ContentVectorPg" ("contentId", "businessId", "vectorUpdatedAt", "embedding")
    SELECT v."contentId", v."businessId", v."updatedAt", x."embedding"::vector
    FROM (VALUES ${Prisma.join(values)}) AS x("contentId", "embedding") JOIN "ContentVector" v ON v."contentId" = x."contentId"
    ORDER BY v."contentId"
    ON CONFLICT ("contentId") DO UPDATE SET "businessId" = EXCLUDED."businessId", "vectorUpdatedAt" = EXCLUDED."vectorUpdatedAt", "embedding" = EXCLUDED."embedding"`;
}

/** ContentVector rows `v` whose side row is missing or copied from an earlier vector. */
export const lacksPgvectorRow = Prisma.sql`NOT EXISTS (SELECT 1 FROM "ContentVectorPg" p WHERE p."contentId" = v."contentId" AND p."vectorUpdatedAt" = v."updatedAt")`;

/**
 * Copies the business's vectors that lack a current side row, up to MAX_COPIED_PER_SEARCH. A
 * vector deleted meanwhile (its content's text changed) fails the batch's foreign key: what is
 * left is copied by the next search.
 */
export async function copyLackingPgvectorRows(businessId: string): Promise<void> {
  for (let copied = 0; copied < MAX_COPIED_PER_SEARCH; copied += COPY_BATCH) {
    // As base64 text: the driver adapter's conversion of bytea values costs far more than this.
    const lacking = await prisma.$queryRaw<{ contentId: string; vector: string }[]>`
      SELECT v."contentId", encode(v."vector", 'base64') AS "vector" FROM "ContentVector" v
      WHERE v."businessId" = ${businessId} AND ${lacksPgvectorRow}
      ORDER BY v."contentId" LIMIT ${COPY_BATCH}`;
    if (lacking.length === 0) return;
    const stored = await upsertPgvectorRows(lacking.map((row) => [row.contentId, fromBytes(Buffer.from(row.vector, 'base64'))] as const)).then(
      () => true,
      (error: unknown) => {
        if (isForeignKeyViolation(error)) return false;
        throw error;
      },
    );
    if (!stored || lacking.length < COPY_BATCH) return;
  }
}

/** What the database said about a raw statement that failed, as Prisma passes it on from the driver adapter (P2010). */
const driverError = (error: unknown) =>
  (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; originalMessage?: string } } } } | null)?.meta?.driverAdapterError?.cause;

const isForeignKeyViolation = (error: unknown) => driverError(error)?.kind === 'ForeignKeyConstraintViolation';
