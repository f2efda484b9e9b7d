import type { Config } from '../config.ts';
import { campaignGenerationJob } from '../modules/campaign/campaign-generation.runner.ts';
import { collectEngagementJob } from '../modules/publishing/engagement-job.ts';
import { publishContentJob } from '../modules/publishing/publish-job.ts';
import { taggingJob } from '../modules/tagging/auto-tagging.ts';
import type { AnyJobDefinition } from './job-queue.ts';

/** Every kind of job the workers run. */
export const jobDefinitionsFor = (config: Config): readonly AnyJobDefinition[] => [taggingJob, campaignGenerationJob, publishContentJob(config), collectEngagementJob];
