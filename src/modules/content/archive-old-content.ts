import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { ContentStatus } from '../../domain/enums.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { canTransition, contentTransitions } from '../../domain/lifecycles.ts';
import type { JobDefinition } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { announceContentStatus } from './content-events.ts';
import { moveContentStatus } from './content-status.ts';
import { systemActor } from '../../realtime/events.ts';

const BATCH = 100;
const DAY_MS = 86_400_000;
const payload = z.object({});

// A post on its way out (waiting for its slot, or being published) is left to the publisher.
const onItsWayOut: readonly ContentStatus[] = ['SCHEDULED', 'PUBLISHING'];
/** The statuses the pipeline lets move to ARCHIVED, less those on their way out. */
const archivableStatuses = Object.values(ContentStatus).filter(
  (status) => canTransition(contentTransitions, status, 'ARCHIVED') && !onItsWayOut.includes(status),
);

type ArchivableContent = Parameters<typeof moveContentStatus>[2]['content'] & { businessId: string; campaignId: string };

/**
 * Archives one content item as the system; false when it moved meanwhile (a user's move wins:
 * the write is a compare-and-set on the status read).
 */
export async function archiveContent(app: AppContext, content: ArchivableContent, now: Date): Promise<boolean> {
  try {
    await writeWithJobs(app, (tx) => moveContentStatus(tx, app, { content, to: 'ARCHIVED', now }));
  } catch (error) {
    if (error instanceof InvalidTransitionError) return false;
    throw error;
  }
  announceContentStatus(app, content, { previousStatus: content.status, status: 'ARCHIVED', ...systemActor });
  return true;
}

/**
 * Daily: content created more than CONTENT_ARCHIVE_AFTER_DAYS ago is ARCHIVED through the one
 * writer of Content.status and announced like any move, with no actor (the system). Idempotent:
 * archived content no longer matches, and each move is a compare-and-set, so a user's move made
 * meanwhile wins.
 */
export const archiveOldContentJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'archive-old-content',
  payload,
  schedule: '10 3 * * *',
  maxAttempts: 3,
  retryDelaySeconds: 60,
  // A first run may find years of content to archive; each batch it finishes stays done.
  leaseFactor: 6,
  concurrency: 1,
  async run(app, _payload, { signal }) {
    const now = app.clock.now();
    const createdBefore = new Date(now.getTime() - app.config.CONTENT_ARCHIVE_AFTER_DAYS * DAY_MS);
    let archived = 0;
    let changedMeanwhile = 0;
    let after: string | undefined;
    for (;;) {
      signal.throwIfAborted();
      const old = await prisma.content.findMany({
        where: { status: { in: archivableStatuses }, createdAt: { lt: createdBefore }, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: BATCH,
        select: { id: true, businessId: true, campaignId: true, status: true, scheduledAt: true, postUrl: true, platform: true, caption: true, media: true, approvedAt: true },
      });
      for (const content of old) {
        if (await archiveContent(app, content, now)) archived += 1;
        else changedMeanwhile += 1;
      }
      if (old.length < BATCH) break;
      after = old.at(-1)?.id;
    }
    app.logger.info({ job: archiveOldContentJob.name, archived, changedMeanwhile, createdBefore }, 'archived old content');
  },
};
