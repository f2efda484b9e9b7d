import { callProvider, sha256 } from './logged-call.ts';
import type { AiRuntime } from './runtime.ts';
import { prisma } from '../db/client.ts';
import type { EmbeddingOwner } from '../domain/enums.ts';

// Content vectors are recomputed after a day even for the same text, so a change of model or
// provider behaviour reaches them; taxonomy vectors only when their text changes.
const CONTENT_TTL_MS = 24 * 60 * 60_000;

export interface EmbeddingContext {
  userId: string | null;
  businessId: string | null;
}

/**
 * Vectors for the given texts, reusing stored ones while their text (and, for content, the day)
 * is unchanged; the rest are embedded in one provider call and stored.
 */
export async function embeddingsFor(
  ai: AiRuntime,
  ownerType: EmbeddingOwner,
  items: readonly { id: string; text: string }[],
  context: EmbeddingContext,
  now = new Date(),
): Promise<Map<string, number[]>> {
  const model = ai.embeddingModel;
  const vectors = new Map<string, number[]>();
  if (items.length === 0) return vectors;
  const stored = await prisma.embedding.findMany({ where: { ownerType, model, ownerId: { in: items.map((item) => item.id) } } });
  const byOwner = new Map(stored.map((row) => [row.ownerId, row]));
  const missing = items.filter((item) => {
    const row = byOwner.get(item.id);
    const fresh = row && row.textSha256 === sha256(item.text) && (ownerType !== 'CONTENT' || now.getTime() - row.updatedAt.getTime() < CONTENT_TTL_MS);
    if (fresh) vectors.set(item.id, row.vector as number[]);
    return !fresh;
  });
  if (missing.length === 0) return vectors;

  const texts = missing.map((item) => item.text);
  const { value } = await callProvider(ai, { ...context, feature: 'EMBEDDING' }, texts.join('\n\n'), (provider) => provider.embed(texts));
  await prisma.$transaction(
    missing.map((item, index) => {
      const data = { vector: value[index], dimensions: value[index].length, textSha256: sha256(item.text) };
      vectors.set(item.id, value[index]);
      return prisma.embedding.upsert({
        where: { ownerType_ownerId_model: { ownerType, ownerId: item.id, model } },
        create: { ownerType, ownerId: item.id, model, ...data },
        update: data,
      });
    }),
  );
  return vectors;
}
