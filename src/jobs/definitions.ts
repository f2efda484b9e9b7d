import { rollUpAnalyticsJob } from '../modules/analytics/roll-up-analytics.ts';
import { campaignGenerationJob } from '../modules/campaign/campaign-generation.runner.ts';
import { completeCampaignsJob } from '../modules/campaign/complete-campaigns.ts';
import { archiveOldContentJob } from '../modules/content/archive-old-content.ts';
import { taggingJob } from '../modules/tagging/auto-tagging.ts';
import type { AnyJobDefinition } from './job-queue.ts';
import { purgeExpiredJob } from './purge-expired.ts';

/** Every kind of job the workers run; those with a schedule are the recurring data lifecycle. */
export const jobDefinitions: readonly AnyJobDefinition[] = [
  taggingJob,
  campaignGenerationJob,
  completeCampaignsJob,
  archiveOldContentJob,
  rollUpAnalyticsJob,
  purgeExpiredJob,
];
