import { embeddingsFor, type EmbeddingContext } from '../ai/embedding-store.ts';
import type { AppContext } from '../context.ts';
import { prisma } from '../db/client.ts';
import { contentText } from '../domain/content-text.ts';
import { upsertPgvectorRows } from './pgvector.ts';
import { toBytes } from './vector-bytes.ts';

const EMBED_BATCH = 100;
/** A search embeds at most this many contents; the rest wait for the next searches. */
const MAX_EMBEDDED_PER_SEARCH = 1_000;

/**
 * Gives every content of the business a search vector of the current embedding model. The
 * tagging pipeline embeds content when it is created or its text changes, and those stored
 * embeddings are reused here; what has none (content from before search existed, AUTO_TAGGING
 * off, a new embedding model) is embedded now, in batches, on the business's AI budget.
 * A text change deletes the vector (a trigger), so the lookup is one indexed anti-join. At most
 * MAX_EMBEDDED_PER_SEARCH are embedded per call, so one request stays bounded however large the
 * business: until the rest are embedded by later searches, they are not found by meaning.
 * With pgvector, each vector's copy in its side table (pgvector.ts) is written in the same transaction.
 */
export async function ensureContentVectors({ ai, vectorSearch }: Pick<AppContext, 'ai' | 'vectorSearch'>, businessId: string, context: EmbeddingContext, now: Date): Promise<void> {
  const model = ai.embeddingModel;
  for (let embedded = 0; embedded < MAX_EMBEDDED_PER_SEARCH; embedded += EMBED_BATCH) {
    const missing = await prisma.content.findMany({
      where: { businessId, OR: [{ searchVector: null }, { searchVector: { model: { not: model } } }] },
      select: { id: true, title: true, caption: true, hashtags: true, script: true },
      orderBy: { id: 'asc' },
      take: EMBED_BATCH,
    });
    if (missing.length === 0) return;
    const vectors = await embeddingsFor(ai, 'CONTENT', missing.map((c) => ({ id: c.id, text: contentText(c) })), context, now);
    const upserts = [...vectors].map(([contentId, vector]) => {
      const data = { businessId, model, dimensions: vector.length, vector: toBytes(vector) };
      return prisma.contentVector.upsert({ where: { contentId }, create: { contentId, ...data }, update: data });
    });
    const sideRows = vectorSearch === 'pgvector' && vectors.size > 0 ? [upsertPgvectorRows([...vectors])] : [];
    const stored = await prisma.$transaction([...upserts, ...sideRows]).then(() => true, ignoreRaces);
    if (!stored || missing.length < EMBED_BATCH) return;
  }
}

/**
 * A content deleted meanwhile (P2003) or a concurrent search storing the same vector (P2002):
 * this batch is left to the next search, and this one goes on with the vectors there are.
 */
function ignoreRaces(error: unknown): false {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'P2003' || code === 'P2002') return false;
  throw error;
}
