import { checkMonthlyBudget } from '../../ai/budget.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { runTaggingPipeline } from './tagging-pipeline.ts';

/**
 * Categorises and tags content after it was created or its text changed, in the background: the
 * write that triggered it has already succeeded and never fails because of tagging.
 */
export function scheduleTagging({ app, viewer }: ServiceContext, contentIds: readonly string[]): void {
  if (!app.ai.autoTagging || contentIds.length === 0) return;
  app.background.run('automatic tagging', async (signal) => {
    for (const contentId of contentIds) {
      if (signal.aborted) return;
      try {
        const content = await prisma.content.findUnique({ where: { id: contentId }, select: { business: { select: { id: true, plan: true } } } });
        if (!content) continue;
        await checkMonthlyBudget(app.ai, content.business);
        await runTaggingPipeline(app, { contentId, actorId: viewer.id });
      } catch (error) {
        app.logger.warn({ err: error, contentId }, 'automatic tagging skipped');
      }
    }
  });
}
