import type { RankedHit } from './keyword-search.ts';

// The constant of Cormack et al.'s reciprocal rank fusion: it damps the weight of the first ranks.
const RRF_K = 60;

/** Reciprocal rank fusion: each hit scores Σ 1 / (k + rank) over the lists it is in, best first. */
export function fuseRanks(lists: readonly RankedHit[][]): RankedHit[] {
  const fused = new Map<string, RankedHit>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      const entry = fused.get(hit.id) ?? { kind: hit.kind, id: hit.id, score: 0 };
      entry.score += 1 / (RRF_K + index + 1);
      fused.set(hit.id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
