import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import type { JobDefinition } from '../../jobs/job-queue.ts';
import { moveCampaignStatus } from './campaign-status.ts';
import { announceCampaign } from './campaign.service.ts';

const BATCH = 100;
const payload = z.object({});

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
        try {
          await moveCampaignStatus(prisma, { campaign, to: 'COMPLETED' });
        } catch (error) {
          if (!(error instanceof InvalidTransitionError)) throw error;
          changedMeanwhile += 1;
          continue;
        }
        completed += 1;
        announceCampaign(app, 'TRANSITIONED', { ...campaign, status: 'COMPLETED' }, campaign.status, null);
      }
      if (ended.length < BATCH) break;
      after = ended.at(-1)?.id;
    }
    app.logger.info({ job: completeCampaignsJob.name, completed, changedMeanwhile }, 'completed ended campaigns');
  },
};
