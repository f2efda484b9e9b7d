import { z } from 'zod';
import { checkMonthlyBudget } from '../../ai/budget.ts';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { BudgetExceededError } from '../../domain/errors.ts';
import type { JobDefinition, Transaction } from '../../jobs/job-queue.ts';
import { runTaggingPipeline } from './tagging-pipeline.ts';

const payload = z.object({ contentId: z.string(), actorId: z.string().nullable() });

/**
 * Categorises and tags one content item after it was created or its text changed. Idempotent: the
 * pipeline does nothing when the inputs it read last time are unchanged, and its write is a
 * compare-and-set on them, so a run repeated after a crash applies nothing twice.
 */
export const taggingJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'tag-content',
  payload,
  maxAttempts: 3,
  retryDelaySeconds: 30,
  concurrency: 2,
  async run(app, { contentId, actorId }) {
    const content = await prisma.content.findUnique({ where: { id: contentId }, select: { business: { select: { id: true, plan: true } } } });
    if (!content) return;
    try {
      await checkMonthlyBudget(app.ai, content.business);
    } catch (error) {
      // Tagging waits for no budget: the content stays untagged until it is edited or categorised on demand.
      if (error instanceof BudgetExceededError) return app.logger.info({ contentId }, 'automatic tagging skipped: AI budget used up');
      throw error;
    }
    await runTaggingPipeline(app, { contentId, actorId });
  },
};

/**
 * Queues automatic tagging of these contents in the transaction that wrote them: the write never
 * fails because of tagging, and no content is left behind by a crash.
 */
export async function enqueueTagging(app: AppContext, tx: Transaction, contentIds: readonly string[], actorId: string | null): Promise<void> {
  if (!app.ai.autoTagging) return;
  for (const contentId of contentIds) await app.jobs.enqueue(tx, taggingJob, { contentId, actorId }, { key: contentId });
}
