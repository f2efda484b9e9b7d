import type { CampaignStatus, ContentStatus } from './enums.ts';

export const campaignTransitions: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['PAUSED', 'COMPLETED', 'ARCHIVED'],
  PAUSED: ['ACTIVE', 'COMPLETED', 'ARCHIVED'],
  COMPLETED: ['ARCHIVED', 'ACTIVE'],
  ARCHIVED: ['ACTIVE'],
};

/** The publishing pipeline. */
export const contentTransitions: Readonly<Record<ContentStatus, readonly ContentStatus[]>> = {
  DRAFT: ['REVIEW', 'ARCHIVED'],
  REVIEW: ['APPROVED', 'DRAFT', 'ARCHIVED'],
  APPROVED: ['SCHEDULED', 'REVIEW', 'DRAFT', 'ARCHIVED'],
  SCHEDULED: ['PUBLISHING', 'APPROVED', 'REVIEW', 'ARCHIVED'],
  PUBLISHING: ['PUBLISHED', 'FAILED'],
  FAILED: ['SCHEDULED', 'DRAFT', 'ARCHIVED'],
  PUBLISHED: ['ARCHIVED'],
  ARCHIVED: ['DRAFT'],
};

export const canTransition = <S extends string>(machine: Readonly<Record<S, readonly S[]>>, from: S, to: S) => machine[from].includes(to);

/** Why content may not move to `to` now beyond the pipeline itself; null when it may. */
export function contentMoveProblem(to: ContentStatus, scheduledAt: Date | null, now: Date): string | null {
  if (to === 'SCHEDULED' && (!scheduledAt || scheduledAt <= now)) return 'Scheduling needs a scheduledAt in the future';
  return null;
}
