import type { AppContext } from '../../context.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { canTransition, contentMoveProblem, contentTransitions } from '../../domain/lifecycles.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { cancelPublishing, checkPublishable, planPublishing, type SchedulableContent } from '../publishing/scheduling.ts';

export interface TransitionDetails {
  scheduledAt?: Date | null;
  postUrl?: string | null;
  errorMessage?: string | null;
  /** Set by the publisher, not by users. */
  platformPostId?: string | null;
}

interface MovableContent extends SchedulableContent {
  status: ContentStatus;
  scheduledAt: Date | null;
  postUrl: string | null;
}

/**
 * The one writer of Content.status (users' transitions, automation rules, the publisher). The
 * move applies only if the status is still the one read, so a concurrent move is never
 * overwritten; a refused or lost move is INVALID_TRANSITION. Scheduling needs a connected account
 * and content the platform accepts (else BAD_USER_INPUT), and plans the publication in the same
 * transaction; leaving SCHEDULED by any other way than the publisher's (a person publishing by hand,
 * say) cancels it.
 */
export async function moveContentStatus(
  tx: Transaction,
  app: Pick<AppContext, 'jobs' | 'config'>,
  { content, to, details: extra = {}, now }: { content: MovableContent; to: ContentStatus; details?: TransitionDetails; now: Date },
): Promise<void> {
  const allowed = contentTransitions[content.status];
  if (!canTransition(contentTransitions, content.status, to)) throw new InvalidTransitionError('Content', content.status, to, allowed);
  const scheduledAt = extra.scheduledAt ?? content.scheduledAt;
  const problem = contentMoveProblem(to, scheduledAt, now);
  if (problem) throw new InvalidTransitionError('Content', content.status, to, allowed, problem);
  if (to === 'SCHEDULED') await checkPublishable(tx, content);

  const changes: Prisma.ContentUpdateManyMutationInput = { status: to };
  if (to === 'SCHEDULED') changes.scheduledAt = scheduledAt;
  if (to === 'PUBLISHED') {
    Object.assign(changes, { publishedAt: now, postUrl: extra.postUrl ?? content.postUrl, platformPostId: extra.platformPostId ?? null, errorMessage: null });
  }
  if (to === 'FAILED') changes.errorMessage = extra.errorMessage ?? 'Publishing failed';
  if (to === 'DRAFT') changes.errorMessage = null;

  const { count } = await tx.content.updateMany({ where: { id: content.id, status: content.status }, data: changes });
  if (count === 0) {
    throw new InvalidTransitionError('Content', content.status, to, allowed, 'The content changed meanwhile; reload and retry');
  }
  if (to === 'SCHEDULED' && scheduledAt) await planPublishing(tx, app.jobs, app.config, content.id, scheduledAt);
  // A waiting publication only: the publisher's own move to PUBLISHING happens in its running job.
  else if (content.status === 'SCHEDULED') await cancelPublishing(tx, app.jobs, app.config, content.id);
}
