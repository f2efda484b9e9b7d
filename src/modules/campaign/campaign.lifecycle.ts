import type { CampaignStatus } from '../../domain/enums.ts';

export const campaignTransitions: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['PAUSED', 'COMPLETED', 'ARCHIVED'],
  PAUSED: ['ACTIVE', 'COMPLETED', 'ARCHIVED'],
  COMPLETED: ['ARCHIVED', 'ACTIVE'],
  ARCHIVED: ['ACTIVE'],
};
