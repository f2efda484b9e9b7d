import type { CategorySource } from './enums.ts';

/** How many nearest categories the LLM chooses from (16 measured best on the dev split of data/tagging: fewer often miss the right one). */
export const CATEGORY_CANDIDATES = 16;

export interface ResolvedCategory {
  id: string;
  confidence: number;
  source: CategorySource;
}

/**
 * One answer from the three signals: a matching rule wins; else the LLM's choice when it is one of
 * the candidates; else the nearest category by similarity.
 */
export function resolveCategory({
  ruleCategoryId,
  llmChoice,
  candidates,
}: {
  ruleCategoryId: string | null;
  llmChoice: { name: string | null; confidence: number };
  /** Nearest first. */
  candidates: readonly { id: string; name: string; similarity: number }[];
}): ResolvedCategory | null {
  if (ruleCategoryId) return { id: ruleCategoryId, confidence: 1, source: 'RULE' };
  const chosen = llmChoice.name ? candidates.find((candidate) => candidate.name === llmChoice.name) : undefined;
  if (chosen) return { id: chosen.id, confidence: llmChoice.confidence, source: 'LLM' };
  const [nearestCandidate] = candidates;
  if (!nearestCandidate) return null;
  return { id: nearestCandidate.id, confidence: Math.max(0, Math.round(nearestCandidate.similarity * 100) / 100), source: 'SIMILARITY' };
}
