import { ValidationError } from '../../domain/errors.ts';
import type { Platform } from '../../domain/enums.ts';
import type { Media } from '../../domain/json-columns.ts';
import { publishingProblems } from '../../domain/publishing.ts';
import type { Config } from '../../config.ts';
import type { JobQueue, Transaction } from '../../jobs/job-queue.ts';
import { publishContentJob } from './publish-job.ts';

export interface SchedulableContent {
  id: string;
  businessId: string;
  platform: Platform;
  caption: string;
  media: Media | null;
}

/** The business's connected account for a platform, or null. */
export const connectedAccount = (tx: Pick<Transaction, 'socialAccount'>, businessId: string, platform: Platform) =>
  tx.socialAccount.findFirst({ where: { businessId, platform, status: 'CONNECTED' } });

/** Refuses scheduling (BAD_USER_INPUT) when nothing could publish the content as it stands. */
export async function checkPublishable(tx: Transaction, content: SchedulableContent): Promise<void> {
  const problems = publishingProblems(content).map((problem) => ({ ...problem, path: ['content', ...problem.path] }));
  if (!(await connectedAccount(tx, content.businessId, content.platform))) {
    problems.unshift({ path: ['content', 'platform'], message: `Connect a ${content.platform} account to the business before scheduling` });
  }
  if (problems.length) throw new ValidationError(problems);
}

/** The content's publication at `scheduledAt`, replacing one already planned. */
export async function planPublishing(tx: Transaction, jobs: JobQueue, config: Config, contentId: string, scheduledAt: Date): Promise<void> {
  const job = publishContentJob(config);
  await jobs.cancel(tx, job, contentId);
  await jobs.enqueue(tx, job, { contentId, scheduledAt: scheduledAt.toISOString() }, { runAt: scheduledAt, key: contentId });
}

export async function cancelPublishing(tx: Transaction, jobs: JobQueue, config: Config, contentId: string): Promise<void> {
  await jobs.cancel(tx, publishContentJob(config), contentId);
}

/**
 * An edit of scheduled content: the publication moves with `scheduledAt` (which must stay in the
 * future), and the content must stay publishable. Content in any other status is not affected.
 */
export async function keepScheduleInStep(
  tx: Transaction,
  app: { jobs: JobQueue; config: Config },
  content: SchedulableContent & { status: string },
  changes: { scheduledAt?: Date | null; platform?: Platform; caption?: string; media?: Media | null },
  now: Date,
): Promise<void> {
  if (content.status === 'PUBLISHING') {
    throw new ValidationError([{ path: ['input'], message: 'The content is being published: edit it once it is PUBLISHED or FAILED' }]);
  }
  if (content.status !== 'SCHEDULED') return;
  if (changes.scheduledAt === null) {
    throw new ValidationError([{ path: ['input', 'scheduledAt'], message: 'Scheduled content keeps its scheduledAt: move it to APPROVED to unschedule it' }]);
  }
  if (changes.scheduledAt && changes.scheduledAt <= now) {
    throw new ValidationError([{ path: ['input', 'scheduledAt'], message: 'Must be in the future while the content is scheduled' }]);
  }
  if (changes.platform !== undefined || changes.caption !== undefined || changes.media !== undefined) {
    await checkPublishable(tx, {
      id: content.id,
      businessId: content.businessId,
      platform: changes.platform ?? content.platform,
      caption: changes.caption ?? content.caption,
      media: changes.media === undefined ? content.media : changes.media,
    });
  }
  if (changes.scheduledAt) await planPublishing(tx, app.jobs, app.config, content.id, changes.scheduledAt);
}
