import { prisma } from '../db/client.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../domain/errors.ts';
import type { Viewer } from '../graphql/context.ts';

// Every business-scoped row is reached through a business the viewer owns. Another tenant's
// row is indistinguishable from a missing one.

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

/** The shared taxonomy (categories, tags) is managed by admins. */
export function requireAdmin(viewer: Viewer | null): Viewer {
  const admin = requireViewer(viewer);
  if (admin.role !== 'ADMIN') throw new ForbiddenError('Only an admin can change the shared taxonomy');
  return admin;
}

/** Matches no row at all when nobody is signed in. */
const viewerIdOrNone = (viewer: Viewer | null) => viewer?.id ?? '';

export const ownedBusinessWhere = (viewer: Viewer | null) => ({ ownerId: viewerIdOrNone(viewer) });
export const inOwnedBusinessWhere = (viewer: Viewer | null) => ({ business: ownedBusinessWhere(viewer) });

export async function findOwnedBusiness(viewer: Viewer | null, id: string) {
  const business = await prisma.business.findFirst({ where: { id, ...ownedBusinessWhere(requireViewer(viewer)) } });
  if (!business) throw new NotFoundError('Business');
  return business;
}

export async function findOwnedCampaign(viewer: Viewer | null, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, ...inOwnedBusinessWhere(requireViewer(viewer)) } });
  if (!campaign) throw new NotFoundError('Campaign');
  return campaign;
}

export async function findOwnedContent(viewer: Viewer | null, id: string) {
  const content = await prisma.content.findFirst({
    where: { id, ...inOwnedBusinessWhere(requireViewer(viewer)) },
    include: { campaign: { select: { durationDays: true } } },
  });
  if (!content) throw new NotFoundError('Content');
  return content;
}
