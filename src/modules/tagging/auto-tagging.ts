import { ai } from '../../ai/runtime.ts';
import { checkMonthlyBudget } from '../../ai/guards.ts';
import { prisma } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { runTaggingPipeline } from './tagging-pipeline.ts';

const running = new Set<Promise<void>>();
let logger: Logger | undefined;

export function setTaggingLogger(value: Logger) {
  logger = value;
}

/**
 * Categorises and tags content after it was created or its text changed, in the background: the
 * write that triggered it has already succeeded and never fails because of tagging.
 */
export function scheduleTagging(contentIds: readonly string[], userId: string | null): void {
  if (!ai().autoTagging || contentIds.length === 0) return;
  const task = (async () => {
    for (const contentId of contentIds) {
      try {
        const content = await prisma.content.findUnique({ where: { id: contentId }, select: { business: { select: { id: true, plan: true } } } });
        if (!content) continue;
        await checkMonthlyBudget(content.business);
        await runTaggingPipeline({ contentId, userId });
      } catch (error) {
        logger?.warn({ err: error, contentId }, 'automatic tagging skipped');
      }
    }
  })().finally(() => running.delete(task));
  running.add(task);
}

/** Waits for background tagging (shutdown, tests), at most until the deadline. */
export async function settleTagging(deadlineMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
  clearTimeout(timer);
}
