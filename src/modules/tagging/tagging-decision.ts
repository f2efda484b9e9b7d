import { resolveCategory } from '../../domain/category-resolution.ts';
import { canTransition, contentMoveProblem, contentTransitions } from '../../domain/lifecycles.ts';
import { evaluateRules } from '../../domain/rules.ts';
import { normalizeTags } from '../../domain/tags.ts';
import type { TaggingInputs } from './tagging-inputs.ts';
import type { TaggingSignals } from './tagging-signals.ts';

/**
 * One answer from the three signals, with no I/O: the rules' category wins, else the LLM's
 * choice among the candidates, else the nearest; tags are the union of every source; a rule's
 * status move is proposed only where the pipeline would allow it now.
 */
export function decideTagging({ content, rules, categories }: TaggingInputs, signals: TaggingSignals, now: Date) {
  const ruled = evaluateRules(rules, content);
  const ruleCategory = ruled.category ? categories.find((c) => c.name === ruled.category?.name) : undefined;
  const category = resolveCategory({
    ruleCategoryId: ruleCategory?.id ?? null,
    llmChoice: { name: signals.classification.category, confidence: signals.classification.confidence },
    candidates: signals.nearestCategories.map(({ item, similarity }) => ({ id: item.id, name: item.name, similarity })),
  });
  const tags = normalizeTags([...ruled.tags, ...signals.classification.tags, ...signals.similarTags, ...content.hashtags]);
  // Content on its way out (SCHEDULED, PUBLISHING) belongs to the publisher: a rule does not move it.
  const statusMove =
    ruled.status && content.status !== 'SCHEDULED' && content.status !== 'PUBLISHING' && canTransition(contentTransitions, content.status, ruled.status.status) && !contentMoveProblem(ruled.status.status, content.scheduledAt, now)
      ? ruled.status
      : null;
  const matchedTaggingRules = rules.filter((r) => r.ruleType === 'TAGGING' && ruled.evaluated.some((e) => e.ruleId === r.id && e.matched)).map((r) => r.id);
  return {
    category,
    /** All the content's tags: what it carries now is read when they are written. */
    tags,
    statusMove,
    evaluatedRuleIds: ruled.evaluated.map((e) => e.ruleId),
    /** Rules whose action took effect, apart from a status move, which counts only once it applies. */
    appliedRuleIds: [...(ruleCategory && ruled.category ? [ruled.category.ruleId] : []), ...matchedTaggingRules],
    sentiment: signals.classification.sentiment,
    qualityScore: signals.classification.qualityScore,
  };
}

export type TaggingDecision = ReturnType<typeof decideTagging>;
