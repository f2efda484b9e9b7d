import type { prisma } from '../../db/client.ts';
import type { CampaignStatus } from '../../domain/enums.ts';
import { InvalidTransitionError } from '../../domain/errors.ts';
import { campaignTransitions, canTransition } from '../../domain/lifecycles.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * The one writer of Campaign.status (users' transitions and the completion job). The move applies
 * only if the status is still the one read, so a concurrent move is never overwritten; a refused
 * or lost move is INVALID_TRANSITION.
 */
export async function moveCampaignStatus(db: Db, { campaign, to }: { campaign: { id: string; status: CampaignStatus }; to: CampaignStatus }): Promise<void> {
  const allowed = campaignTransitions[campaign.status];
  if (!canTransition(campaignTransitions, campaign.status, to)) throw new InvalidTransitionError('Campaign', campaign.status, to, allowed);
  const { count } = await db.campaign.updateMany({ where: { id: campaign.id, status: campaign.status }, data: { status: to } });
  if (count === 0) {
    throw new InvalidTransitionError('Campaign', campaign.status, to, allowed, 'The campaign changed meanwhile; reload and retry');
  }
}
