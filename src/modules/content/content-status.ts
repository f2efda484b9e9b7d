import type { prisma } from '../../db/client.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { canTransition, contentMoveProblem, contentTransitions } from '../../domain/lifecycles.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';

export interface TransitionDetails {
  scheduledAt?: Date | null;
  postUrl?: string | null;
  errorMessage?: string | null;
}

type Db = Prisma.TransactionClient | typeof prisma;

interface MovableContent {
  id: string;
  status: ContentStatus;
  scheduledAt: Date | null;
  postUrl: string | null;
}

/**
 * The one writer of Content.status (users' transitions, automation rules, and later the
 * scheduler and publishers). The move applies only if the status is still the one read, so a
 * concurrent move is never overwritten; a refused or lost move is INVALID_TRANSITION.
 */
export async function moveContentStatus(
  db: Db,
  { content, to, details: extra = {}, now }: { content: MovableContent; to: ContentStatus; details?: TransitionDetails; now: Date },
): Promise<void> {
  const allowed = contentTransitions[content.status];
  if (!canTransition(contentTransitions, content.status, to)) throw new InvalidTransitionError('Content', content.status, to, allowed);
  const scheduledAt = extra.scheduledAt ?? content.scheduledAt;
  const problem = contentMoveProblem(to, scheduledAt, now);
  if (problem) throw new InvalidTransitionError('Content', content.status, to, allowed, problem);

  const changes: Prisma.ContentUpdateManyMutationInput = { status: to };
  if (to === 'SCHEDULED') changes.scheduledAt = scheduledAt;
  if (to === 'PUBLISHED') Object.assign(changes, { publishedAt: now, postUrl: extra.postUrl ?? content.postUrl, errorMessage: null });
  if (to === 'FAILED') changes.errorMessage = extra.errorMessage ?? 'Publishing failed';
  if (to === 'DRAFT') changes.errorMessage = null;

  const { count } = await db.content.updateMany({ where: { id: content.id, status: content.status }, data: changes });
  if (count === 0) {
    throw new InvalidTransitionError('Content', content.status, to, allowed, 'The content changed meanwhile; reload and retry');
  }
}
