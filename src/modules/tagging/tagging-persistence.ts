import { asRule } from '../../audit/audit-scope.ts';
import type { AppContext } from '../../context.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { InvalidTransitionError, ValidationError } from '../../domain/errors.ts';
import { moveContentStatus } from '../content/content-status.ts';
import { recordContentVersion } from '../versions/version.service.ts';
import type { TaggingDecision } from './tagging-decision.ts';
import type { TaggingInputs } from './tagging-inputs.ts';

/**
 * Writes a decision in one transaction: the content's tags and their usage counts, the
 * content's category and tagging fields, a rule's status move (through the one guarded writer, so
 * a user's concurrent move wins) and the rules' counters. Returns whether the status moved, or 'superseded' when another run wrote first.
 */
export async function persistTagging(app: AppContext, inputs: TaggingInputs, decision: TaggingDecision, now: Date): Promise<boolean | 'superseded'> {
  // Two taggings in one business may add the same new tag at once: Prisma's upsert reads before it
  // inserts, so one of them hits the unique index. All or nothing, so run it again: the tag is there now.
  for (let attempt = 1; ; attempt++) {
    try {
      const write = () => writeWithJobs(app, (tx) => writeTagging(app, tx, inputs, decision, now));
      // What a rule decided is the rule's change in the audit trail; the pipeline's own choices are the system's.
      const ruleId = decision.appliedRuleIds[0] ?? decision.statusMove?.ruleId;
      return await (ruleId ? asRule(ruleId, null, write) : write());
    } catch (error) {
      if (error === SUPERSEDED) return 'superseded';
      if (!isUniqueViolation(error) || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

const MAX_ATTEMPTS = 5;
const SUPERSEDED = new Error('Another run tagged this content since its inputs were read');

async function writeTagging(app: AppContext, tx: Transaction, { content, inputSha256 }: TaggingInputs, decision: TaggingDecision, now: Date): Promise<boolean> {
  const { tags, category, statusMove } = decision;
  // Compare-and-set on the inputs the decision was made from: of two runs that read the same
  // inputs (a job repeated after a crash, two instances), only the first writes.
  const { count } = await tx.content.updateMany({ where: { id: content.id, taggingInputSha256: content.taggingInputSha256 }, data: { taggingInputSha256: inputSha256 } });
  if (count === 0) throw SUPERSEDED;
  // A rule's action is a change someone set up, kept as a version; the pipeline's own choices are not.
  if (decision.appliedRuleIds.length) {
    await recordContentVersion(tx, content, { primaryCategoryId: category?.id ?? null, tags }, { source: 'RULE', ruleId: decision.appliedRuleIds[0], actorId: null });
  }
  await setContentTags(tx, content, tags);
  await tx.content.update({
    where: { id: content.id },
    data: {
      primaryCategoryId: category?.id ?? null,
      categoryConfidence: category?.confidence ?? null,
      categorySource: category?.source ?? null,
      sentiment: decision.sentiment,
      qualityScore: decision.qualityScore,
      taggedAt: now,
    },
  });
  const moved = statusMove ? await moveContentStatus(tx, app, { content, to: statusMove.status, now }).then(() => true, skipLostMove) : false;
  const applied = new Set([...decision.appliedRuleIds, ...(moved && statusMove ? [statusMove.ruleId] : [])]);
  for (const ruleId of decision.evaluatedRuleIds) {
    // Not update: a rule deleted while the AI answered has no counters left to keep.
    await tx.automationRule.updateMany({
      where: { id: ruleId },
      data: { executionCount: { increment: 1 }, lastExecutedAt: now, ...(applied.has(ruleId) ? { successCount: { increment: 1 } } : {}) },
    });
  }
  return moved;
}

/**
 * The content moved meanwhile (a user's transition), or it cannot be scheduled as it stands (no
 * connected account, no media): the rule's move does not apply.
 */
function skipLostMove(error: unknown): false {
  if (error instanceof InvalidTransitionError || error instanceof ValidationError) return false;
  throw error;
}

/**
 * Gives the content exactly these tags, moving each tag's usageCount by the links actually deleted
 * or made. The links are read here, after the compare-and-set holds the content's row (every other
 * writer of its links but deleteTag takes it first), not taken from the tags read before the AI
 * answered: a tag deleted or renamed meanwhile, and a new tag given its name, would otherwise
 * have one's link removed and the other's count lowered.
 */
async function setContentTags(tx: Transaction, content: { id: string; businessId: string }, tags: readonly string[]): Promise<void> {
  const { businessId } = content;
  const links = await tx.contentTag.findMany({ where: { contentId: content.id }, select: { tagId: true, tag: { select: { name: true } } } });
  for (const { tagId } of links.filter((link) => !tags.includes(link.tag.name)).sort((a, b) => a.tagId.localeCompare(b.tagId))) {
    // None deleted: deleteTag took the link, and the tag goes with it.
    const { count } = await tx.contentTag.deleteMany({ where: { contentId: content.id, tagId } });
    if (count) await tx.tag.updateMany({ where: { id: tagId }, data: { usageCount: { decrement: count } } });
  }
  const added = tags.filter((name) => !links.some((link) => link.tag.name === name)).sort();
  if (!added.length) return;
  // In one order, so two taggings adding the same tags take their locks in the same order.
  for (const name of added) {
    await tx.tag.upsert({
      where: { businessId_name: { businessId, name } },
      create: { businessId, name, relatedTags: tags.filter((other) => other !== name).slice(0, 5) },
      update: {},
    });
  }
  const addedTags = await tx.tag.findMany({ where: { businessId, name: { in: added } }, select: { id: true } });
  await tx.contentTag.createMany({ data: addedTags.map((tag) => ({ contentId: content.id, tagId: tag.id })) });
  // Counted by the ids linked, not by name: a tag renamed since it was found keeps its own count.
  await tx.tag.updateMany({ where: { id: { in: addedTags.map((tag) => tag.id) } }, data: { usageCount: { increment: 1 } } });
}
