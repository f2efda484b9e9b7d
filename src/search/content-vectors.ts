import { embeddingsFor, type EmbeddingContext } from '../ai/embedding-store.ts';
import type { AiRuntime } from '../ai/runtime.ts';
import { prisma } from '../db/client.ts';
import { contentText } from '../modules/tagging/tagging-inputs.ts';

const EMBED_BATCH = 100;

export const toBytes = (vector: readonly number[]) => new Uint8Array(Float32Array.from(vector).buffer);
export const fromBytes = (bytes: Uint8Array) => new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

/**
 * Gives every content of the business a search vector of the current embedding model. The
 * tagging pipeline embeds content when it is created or its text changes, and those stored
 * embeddings are reused here; what has none (content from before search existed, AUTO_TAGGING
 * off, a new embedding model) is embedded now, in batches, on the business's AI budget.
 * A text change deletes the vector (a trigger), so the lookup is one indexed anti-join.
 */
export async function ensureContentVectors(ai: AiRuntime, businessId: string, context: EmbeddingContext, now: Date): Promise<void> {
  const model = ai.embeddingModel;
  for (;;) {
    const missing = await prisma.content.findMany({
      where: { businessId, OR: [{ searchVector: null }, { searchVector: { model: { not: model } } }] },
      select: { id: true, title: true, caption: true, hashtags: true, script: true },
      orderBy: { id: 'asc' },
      take: EMBED_BATCH,
    });
    if (missing.length === 0) return;
    const vectors = await embeddingsFor(ai, 'CONTENT', missing.map((c) => ({ id: c.id, text: contentText(c) })), context, now);
    await prisma.$transaction(
      [...vectors].map(([contentId, vector]) => {
        const data = { businessId, model, dimensions: vector.length, vector: toBytes(vector) };
        return prisma.contentVector.upsert({ where: { contentId }, create: { contentId, ...data }, update: data });
      }),
    );
    if (missing.length < EMBED_BATCH) return;
  }
}
