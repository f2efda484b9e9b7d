import { z } from 'zod';
import type { SocialProvider } from '../../domain/enums.ts';
import type { AppContext } from '../../context.ts';
import type { Config } from '../../config.ts';
import { prisma } from '../../db/client.ts';
import type { JobDefinition, JobRun } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { failureMessage, SHUTDOWN } from '../../jobs/job-execution.ts';
import { announceContentStatus } from '../content/content-events.ts';
import { moveContentStatus } from '../content/content-status.ts';
import { planEngagementCollection } from './engagement-job.ts';
import { PermanentPublishError } from './publisher.ts';
import { publisherFor } from './publishers.ts';
import { connectedAccount } from './scheduling.ts';
import { systemActor } from '../../realtime/events.ts';

// The scheduledAt the job was planned for: a job for another one was superseded by a reschedule
// (compared with the row, not the clock, so a database clock ahead of this host's drops nothing).
const payload = z.object({ contentId: z.string(), scheduledAt: z.string().nullish() });

/**
 * Publishes scheduled content when its time comes: SCHEDULED → PUBLISHING → PUBLISHED, or FAILED
 * after the last attempt, each move announced with the system as the actor. A run repeated after
 * a crash resumes from PUBLISHING; the webhook id stays the same so a receiver can de-duplicate.
 */
export const publishContentJob = (config: Pick<Config, 'PUBLISH_MAX_ATTEMPTS' | 'PUBLISH_RETRY_DELAY_SECONDS'>): JobDefinition<z.infer<typeof payload>> => ({
  name: 'publish-content',
  payload,
  // One attempt more than configured: the spare only records FAILED for a last attempt whose worker died.
  maxAttempts: config.PUBLISH_MAX_ATTEMPTS + 1,
  retryDelaySeconds: config.PUBLISH_RETRY_DELAY_SECONDS,
  concurrency: 4,
  run: (app, planned, run) => publishContent(app, planned, run),
});

async function publishContent(app: AppContext, planned: z.infer<typeof payload>, run: JobRun): Promise<void> {
  const { contentId } = planned;
  let content = await prisma.content.findUnique({ where: { id: contentId } });
  if (!content) return;
  const now = app.clock.now();
  if (content.status === 'SCHEDULED') {
    if (planned.scheduledAt && content.scheduledAt?.toISOString() !== planned.scheduledAt) return;
    const scheduled = content;
    await writeWithJobs(app, (tx) => moveContentStatus(tx, app, { content: scheduled, to: 'PUBLISHING', now }));
    announceContentStatus(app, content, { previousStatus: 'SCHEDULED', status: 'PUBLISHING', ...systemActor });
    content = { ...content, status: 'PUBLISHING' };
  }
  if (content.status !== 'PUBLISHING') return;
  const publishing = content;
  const lastTry = run.attempt >= app.config.PUBLISH_MAX_ATTEMPTS;
  if (run.attempt > app.config.PUBLISH_MAX_ATTEMPTS) {
    app.metrics.publishing.attempted('none', 'failed');
    return recordFailure(app, publishing, 'its last attempt was interrupted (the server stopped); schedule it again');
  }

  let provider: SocialProvider | 'none' = 'none';
  try {
    const account = await connectedAccount(prisma, content.businessId, content.platform);
    provider = account?.provider ?? 'none';
    if (!account) throw new PermanentPublishError(`No connected ${content.platform} account`);
    const publisher = publisherFor(account.provider, app.config);
    const post = await publisher.publish(
      account,
      {
        messageId: `msg_${content.id}_${planned.scheduledAt ? Date.parse(planned.scheduledAt) : (content.scheduledAt?.getTime() ?? 0)}`,
        contentId: content.id,
        businessId: content.businessId,
        platform: content.platform,
        contentType: content.contentType,
        title: content.title,
        caption: content.caption,
        hashtags: content.hashtags,
        mentions: content.mentions,
        script: content.script,
        media: content.media,
        scheduledAt: content.scheduledAt,
      },
      run.signal,
    );
    const publishedAt = app.clock.now();
    await writeWithJobs(app, async (tx) => {
      await moveContentStatus(tx, app, { content: publishing, to: 'PUBLISHED', details: post, now: publishedAt });
      await tx.socialAccount.update({ where: { id: account.id }, data: { lastError: null } });
      if (post.platformPostId && publisher.metrics) await planEngagementCollection(tx, app, content.id, publishedAt);
    });
    app.metrics.publishing.attempted(provider, 'published');
    announceContentStatus(app, content, { previousStatus: 'PUBLISHING', status: 'PUBLISHED', ...systemActor });
  } catch (error) {
    const permanent = error instanceof PermanentPublishError;
    // A shutdown is no failure of the post: on the last attempt it gets a new job to finish with.
    if (run.signal.reason === SHUTDOWN && lastTry && !permanent) {
      await writeWithJobs(app, (tx) =>
        app.jobs.enqueue(tx, publishContentJob(app.config), planned, { runAt: new Date(Date.now() + app.config.PUBLISH_RETRY_DELAY_SECONDS * 1000) }),
      );
      return;
    }
    app.metrics.publishing.attempted(provider, permanent || lastTry ? 'failed' : 'retrying');
    if (!permanent && !lastTry) throw error;
    await recordFailure(app, publishing, failureMessage(error).replace(/^\w*Error: /, ''));
  }
}

async function recordFailure(app: AppContext, content: Parameters<typeof moveContentStatus>[2]['content'] & { campaignId: string }, message: string) {
  app.logger.warn({ contentId: content.id, platform: content.platform }, 'publishing failed for good');
  await writeWithJobs(app, async (tx) => {
    await moveContentStatus(tx, app, { content, to: 'FAILED', details: { errorMessage: `Publishing failed: ${message}` }, now: app.clock.now() });
    await tx.socialAccount.updateMany({ where: { businessId: content.businessId, platform: content.platform }, data: { lastError: message } });
  });
  announceContentStatus(app, content, { previousStatus: 'PUBLISHING', status: 'FAILED', ...systemActor });
}
