import type { AppContext } from '../../context.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import { InvalidTransitionError, NotFoundError } from '../../domain/errors.ts';
import { canTransition, contentMoveProblem, contentTransitions } from '../../domain/lifecycles.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { cancelPublishing, checkPublishable, planPublishing, type SchedulableContent } from '../publishing/scheduling.ts';
import { type Approval, businessRequiresApproval, clearedApproval } from './content-approval.ts';

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
  approvedAt: Date | null;
}

/** Where the business requires approval, only a person (the approver given) approves, and only approved content is scheduled. */
async function approvalProblem(tx: Transaction, content: MovableContent, to: ContentStatus, approval: Approval | undefined): Promise<string | null> {
  if (to !== 'APPROVED' && to !== 'SCHEDULED') return null;
  if (approval || content.approvedAt) return null;
  if (!(await businessRequiresApproval(tx, content.businessId))) return null;
  return to === 'APPROVED'
    ? 'This business requires content to be approved by an admin or the owner; an automation cannot approve it'
    : 'This business requires content to be approved by an admin or the owner before it is scheduled';
}

/**
 * The one writer of Content.status (users' transitions, automation rules, the publisher). The
 * move applies only if the status is still the one read, so a concurrent move is never
 * overwritten; a refused or lost move is INVALID_TRANSITION. Scheduling needs a connected account
 * and content the platform accepts (else BAD_USER_INPUT), and plans the publication in the same
 * transaction; leaving SCHEDULED by any other way than the publisher's (a person publishing by hand,
 * say) cancels it. Where the business requires approval, reaching APPROVED needs an `approval` (a
 * person's, recorded on the content) and SCHEDULED an approved text; going back to DRAFT or
 * REVIEW clears the approval.
 */
export async function moveContentStatus(
  tx: Transaction,
  app: Pick<AppContext, 'jobs' | 'config'>,
  { content, to, details: extra = {}, now, approval }: { content: MovableContent; to: ContentStatus; details?: TransitionDetails; now: Date; approval?: Approval },
): Promise<void> {
  const allowed = contentTransitions[content.status];
  if (!canTransition(contentTransitions, content.status, to)) throw new InvalidTransitionError('Content', content.status, to, allowed);
  const scheduledAt = extra.scheduledAt ?? content.scheduledAt;
  const problem = contentMoveProblem(to, scheduledAt, now);
  if (problem) throw new InvalidTransitionError('Content', content.status, to, allowed, problem);
  const unapproved = await approvalProblem(tx, content, to, approval);
  if (unapproved) throw new InvalidTransitionError('Content', content.status, to, allowed, unapproved);
  if (to === 'SCHEDULED') await checkPublishable(tx, content);

  const changes: Prisma.ContentUpdateManyMutationInput = { status: to };
  if (to === 'SCHEDULED') changes.scheduledAt = scheduledAt;
  if (to === 'PUBLISHED') {
    Object.assign(changes, { publishedAt: now, postUrl: extra.postUrl ?? content.postUrl, platformPostId: extra.platformPostId ?? null, errorMessage: null });
  }
  if (to === 'FAILED') changes.errorMessage = extra.errorMessage ?? 'Publishing failed';
  if (to === 'DRAFT') changes.errorMessage = null;
  if (to === 'APPROVED' && approval) Object.assign(changes, { approvedById: approval.approverId, approvedAt: now, approvalComment: approval.comment });
  if (to === 'DRAFT' || to === 'REVIEW') Object.assign(changes, clearedApproval);

  const { count } = await tx.content.updateMany({ where: { id: content.id, status: content.status }, data: changes });
  if (count === 0) {
    throw new InvalidTransitionError('Content', content.status, to, allowed, 'The content changed meanwhile; reload and retry');
  }
  if (to === 'SCHEDULED' && scheduledAt) await planPublishing(tx, app.jobs, app.config, content.id, scheduledAt);
  // A waiting publication only: the publisher's own move to PUBLISHING happens in its running job.
  else if (content.status === 'SCHEDULED') await cancelPublishing(tx, app.jobs, app.config, content.id);
}

/**
 * Holds the content's row for the rest of the transaction if its status and approval are still
 * the ones read, else INVALID_TRANSITION: an edit decided on a row read earlier (before a slow AI
 * call, say) never lands on an approval or a schedule it did not see. Content deleted (or moved to
 * the trash with its campaign or business) since it was read is NOT_FOUND. Held, the row cannot be
 * deleted, nor its campaign or business (their deletion cascades to it), until the transaction ends.
 */
export async function holdUnchanged(tx: Transaction, content: { id: string; status: ContentStatus; approvedAt: Date | null }): Promise<void> {
  const { count } = await tx.content.updateMany({ where: { id: content.id, status: content.status, approvedAt: content.approvedAt }, data: { status: content.status } });
  if (count > 0) return;
  // Read after the write above waited for any deletion holding the row: what it finds is settled.
  if (!(await tx.content.findUnique({ where: { id: content.id }, select: { id: true } }))) throw new NotFoundError('Content');
  throw new InvalidTransitionError('Content', content.status, content.status, [], 'The content changed meanwhile; reload and retry');
}

/**
 * The text changed: an approval is cleared and, where the business requires approval, APPROVED or
 * SCHEDULED content goes back to REVIEW (a planned publication is cancelled) so an approver sees
 * it. That holds too for content that got there without an approval (before approval was
 * required): the new text is one no approver has seen. Returns whether it moved; the caller
 * announces the move after commit.
 */
export async function withdrawApproval(tx: Transaction, app: Pick<AppContext, 'jobs' | 'config'>, content: MovableContent, now: Date): Promise<boolean> {
  if (content.approvedAt) await tx.content.update({ where: { id: content.id }, data: clearedApproval });
  if (content.status !== 'APPROVED' && content.status !== 'SCHEDULED') return false;
  if (!(await businessRequiresApproval(tx, content.businessId))) return false;
  await moveContentStatus(tx, app, { content, to: 'REVIEW', now });
  return true;
}
