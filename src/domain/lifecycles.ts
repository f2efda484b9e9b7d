import type { ContentStatus } from './enums.ts';

export const contentTransitions: Readonly<Record<ContentStatus, readonly ContentStatus[]>> = {
  DRAFT: ['REVIEW', 'ARCHIVED'],
  REVIEW: ['APPROVED', 'DRAFT', 'ARCHIVED'],
  APPROVED: ['SCHEDULED', 'DRAFT', 'ARCHIVED'],
  SCHEDULED: ['PUBLISHING', 'APPROVED', 'ARCHIVED'],
  PUBLISHING: ['PUBLISHED', 'FAILED'],
  FAILED: ['SCHEDULED', 'DRAFT', 'ARCHIVED'],
  PUBLISHED: ['ARCHIVED'],
  ARCHIVED: ['DRAFT'],
};

/** Character limits the platforms themselves enforce on a post's text. */
export const captionLimits: Readonly<Record<string, number>> = {
  TWITTER: 280,
  SMS: 160,
  INSTAGRAM: 2_200,
  TIKTOK: 2_200,
  LINKEDIN: 3_000,
  YOUTUBE: 5_000,
  FACEBOOK: 5_000,
  EMAIL: 5_000,
};
