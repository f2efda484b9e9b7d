import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import type { CampaignStatus } from '../../domain/enums.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import type { JobDefinition } from '../../jobs/job-queue.ts';
import { moveCampaignStatus } from './campaign-status.ts';
import { announceCampaign } from './campaign.service.ts';
import { systemActor } from '../../realtime/events.ts';

const BATCH = 100;
const payload = z.object({});

/**
 * Completes one campaign read as ACTIVE, as the system; false when it moved meanwhile (a user's
 * move wins: the write is a compare-and-set on the status read).
 */
export async function completeCampaign(app: AppContext, campaign: { id: string; businessId: string; status: CampaignStatus }): Promise<boolean> {
  try {
    await moveCampaignStatus(prisma, { campaign, to: 'COMPLETED' });
  } catch (error) {
    if (error instanceof InvalidTransitionError) return false;
    throw error;
  }
  announceCampaign(app, 'TRANSITIONED', { ...campaign, status: 'COMPLETED' }, campaign.status, systemActor);
  return true;
}

/**
 * ACTIVE campaigns whose end date has passed become COMPLETED, as if their owner had moved them,
 * announced with no actor (the system). Every five minutes: end dates fall at any time of day, and
 * the check is one indexed query when nothing is due. Idempotent: a completed campaign is no
 * longer ACTIVE, and each move is a compare-and-set, so a user's move made meanwhile wins.
 */
export const completeCampaignsJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'complete-campaigns',
  payload,
  schedule: '*/5 * * * *',
  maxAttempts: 3,
  retryDelaySeconds: 30,
  concurrency: 1,
  async run(app, _payload, { signal }) {
    const now = app.clock.now();
    let completed = 0;
    let changedMeanwhile = 0;
    let after: string | undefined;
    for (;;) {
      signal.throwIfAborted();
      const ended = await prisma.campaign.findMany({
        where: { status: 'ACTIVE', endDate: { lt: now }, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: BATCH,
        select: { id: true, businessId: true, status: true },
      });
      for (const campaign of ended) {
        if (await completeCampaign(app, campaign)) completed += 1;
        else changedMeanwhile += 1;
      }
      if (ended.length < BATCH) break;
      after = ended.at(-1)?.id;
    }
    app.logger.info({ job: completeCampaignsJob.name, completed, changedMeanwhile }, 'completed ended campaigns');
  },
};
