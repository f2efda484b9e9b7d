import { prisma } from '../db/client.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Viewer } from './viewer.ts';

// The one place that says which rows a viewer may touch: every business-scoped row is reached
// through a business the viewer owns, and another tenant's row is indistinguishable from a
// missing one (null on reads, NOT_FOUND on writes).

/** Matches no row at all when nobody is signed in. */
const viewerIdOrNone = (viewer: Viewer | null) => viewer?.id ?? '';

export const ownedBusinessWhere = (viewer: Viewer | null) => ({ ownerId: viewerIdOrNone(viewer) });
export const inOwnedBusinessWhere = (viewer: Viewer | null) => ({ business: ownedBusinessWhere(viewer) });

export async function findOwnedBusiness(viewer: Viewer, id: string) {
  const business = await prisma.business.findFirst({ where: { id, ...ownedBusinessWhere(viewer) } });
  if (!business) throw new NotFoundError('Business');
  return business;
}

export async function findOwnedCampaign(viewer: Viewer, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, ...inOwnedBusinessWhere(viewer) } });
  if (!campaign) throw new NotFoundError('Campaign');
  return campaign;
}

export async function findOwnedContent(viewer: Viewer, id: string) {
  const content = await prisma.content.findFirst({
    where: { id, ...inOwnedBusinessWhere(viewer) },
    include: { campaign: { select: { durationDays: true } } },
  });
  if (!content) throw new NotFoundError('Content');
  return content;
}
