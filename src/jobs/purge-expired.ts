import { z } from 'zod';
import { prisma } from '../db/client.ts';
import { deleteExpiredIdempotencyKeys } from '../db/idempotency.ts';
import { deleteSettledInvitations } from '../modules/membership/invitation.service.ts';
import { purgeExpiredTrash } from '../modules/trash/trash.service.ts';
import { deleteOldWebhookDeliveries } from '../modules/webhooks/webhook.service.ts';
import type { JobDefinition } from './job-queue.ts';

const BATCH = 1_000;
const HOUR_MS = 3_600_000;
/** Trash items carry every row deleted with them: fewer at a time. */
const TRASH_BATCH = 50;
const payload = z.object({});

/** Deletes AI answers past their expiresAt (readers already ignore them), a batch at a time. */
async function deleteExpiredAiCache(now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const expired = await prisma.aiCache.findMany({ where: { expiresAt: { lte: now } }, select: { key: true }, take: BATCH });
    if (!expired.length) return deleted;
    const { count } = await prisma.aiCache.deleteMany({ where: { key: { in: expired.map((row) => row.key) }, expiresAt: { lte: now } } });
    deleted += count;
    if (expired.length < BATCH) return deleted;
  }
}

/**
 * Hourly: deletes cached AI answers that have expired, idempotency keys older than
 * IDEMPOTENCY_WINDOW_HOURS, invitations settled a month ago, webhook deliveries settled a
 * month ago and trash items past their purgeAt (TRASH_RETENTION_DAYS). Housekeeping across adapters and
 * modules, so it lives with the engine. Idempotent: it deletes only what is expired at the time
 * it runs.
 */
export const purgeExpiredJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'purge-expired',
  payload,
  schedule: '35 * * * *',
  maxAttempts: 3,
  retryDelaySeconds: 60,
  concurrency: 1,
  async run(app) {
    const now = app.clock.now();
    const aiCache = await deleteExpiredAiCache(now);
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(new Date(now.getTime() - app.config.IDEMPOTENCY_WINDOW_HOURS * HOUR_MS), BATCH);
    const invitations = await deleteSettledInvitations(now);
    const webhookDeliveries = await deleteOldWebhookDeliveries(now, BATCH);
    const trashItems = await purgeExpiredTrash(app, now, TRASH_BATCH);
    app.logger.info({ job: purgeExpiredJob.name, aiCache, idempotencyKeys, invitations, webhookDeliveries, trashItems }, 'purged expired rows');
  },
};
