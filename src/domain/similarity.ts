export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

/** The k items most similar to the vector, best first, with their similarity. */
export function nearest<T extends { vector: readonly number[] }>(vector: readonly number[], items: readonly T[], k: number) {
  return items
    .map((item) => ({ item, similarity: cosine(vector, item.vector) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}
