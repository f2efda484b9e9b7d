import type { Config } from '../config.ts';
import { campaignGenerationJob } from '../modules/campaign/campaign-generation.runner.ts';
import { collectEngagementJob } from '../modules/publishing/engagement-job.ts';
import { publishContentJob } from '../modules/publishing/publish-job.ts';
import { rollUpAnalyticsJob } from '../modules/analytics/roll-up-analytics.ts';
import { completeCampaignsJob } from '../modules/campaign/complete-campaigns.ts';
import { archiveOldContentJob } from '../modules/content/archive-old-content.ts';
import { taggingJob } from '../modules/tagging/auto-tagging.ts';
import { campaignTaggingJob } from '../modules/tagging/campaign-tagging.ts';
import { webhookDeliveryJob } from '../modules/webhooks/webhook-delivery-job.ts';
import type { AnyJobDefinition } from './job-queue.ts';
import { purgeExpiredJob } from './purge-expired.ts';

/** Every kind of job the workers run; those with a schedule are the recurring data lifecycle. */
export const jobDefinitionsFor = (config: Config): readonly AnyJobDefinition[] => [
  taggingJob,
  campaignTaggingJob,
  campaignGenerationJob,
  publishContentJob(config),
  collectEngagementJob,
  webhookDeliveryJob(config),
  completeCampaignsJob,
  archiveOldContentJob,
  rollUpAnalyticsJob,
  purgeExpiredJob,
];
