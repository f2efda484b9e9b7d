import { campaignGenerationJob } from '../modules/campaign/campaign-generation.runner.ts';
import { taggingJob } from '../modules/tagging/auto-tagging.ts';
import type { AnyJobDefinition } from './job-queue.ts';

/** Every kind of job the workers run. */
export const jobDefinitions: readonly AnyJobDefinition[] = [taggingJob, campaignGenerationJob];
