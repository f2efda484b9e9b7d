import type { ContentStatus } from '../../domain/enums.ts';
import { approvalRequired } from '../../domain/roles.ts';
import type { Transaction } from '../../jobs/job-queue.ts';

/** The person approving a move to APPROVED, and what they said. */
export interface Approval {
  approverId: string;
  comment: string | null;
}

export interface ApprovableContent {
  id: string;
  businessId: string;
  status: ContentStatus;
  approvedAt: Date | null;
}

export async function businessRequiresApproval(tx: Pick<Transaction, 'business'>, businessId: string): Promise<boolean> {
  const business = await tx.business.findUniqueOrThrow({
    where: { id: businessId },
    select: { requireApproval: true, _count: { select: { memberships: true } } },
  });
  return approvalRequired(business.requireApproval, business._count.memberships);
}

/** What an approval needs to see of a content's text: a change to any of them clears the approval. */
export const approvedFields = ['title', 'caption', 'hashtags', 'mentions', 'media', 'script', 'platform', 'contentType'] as const;

type ApprovedField = (typeof approvedFields)[number];

/** Whether an edit changes what was approved (fields given with the value they already have do not). */
export function changesApprovedText(content: { [K in ApprovedField]?: unknown }, edit: { [K in ApprovedField]?: unknown }): boolean {
  return approvedFields.some((field) => edit[field] !== undefined && JSON.stringify(edit[field]) !== JSON.stringify(content[field] ?? null));
}

export const clearedApproval = { approvedById: null, approvedAt: null, approvalComment: null } as const;
