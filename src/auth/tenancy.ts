import { prisma } from '../db/client.ts';
import type { MemberRole } from '../domain/enums.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { can, describePermission, type Permission } from '../domain/roles.ts';
import type { Viewer } from './viewer.ts';

// The one place that says which rows a viewer may touch: every business-scoped row is reached
// through a business the viewer is a member of, and another tenant's row is indistinguishable
// from a missing one (null on reads, NOT_FOUND on writes). A member whose role does not allow
// an action is told so (FORBIDDEN): they can see the object.

/** Matches no row at all when nobody is signed in. */
const viewerIdOrNone = (viewer: Viewer | null) => viewer?.id ?? '';

export const memberBusinessWhere = (viewer: Viewer | null) => ({ memberships: { some: { userId: viewerIdOrNone(viewer) } } });
export const inMemberBusinessWhere = (viewer: Viewer | null) => ({ business: memberBusinessWhere(viewer) });

/** A user's role in a business; null when not a member. */
export async function roleOfUser(userId: string, businessId: string): Promise<MemberRole | null> {
  const membership = await prisma.membership.findUnique({ where: { businessId_userId: { businessId, userId } }, select: { role: true } });
  return membership?.role ?? null;
}

/** The viewer's role in a business; null when not a member. */
export async function roleIn(viewer: Viewer | null, businessId: string): Promise<MemberRole | null> {
  return viewer ? roleOfUser(viewer.id, businessId) : null;
}

export function checkRole(role: MemberRole, permission: Permission): MemberRole {
  if (!can(role, permission)) throw new ForbiddenError(`Your role (${role}) may not ${describePermission[permission]}`);
  return role;
}

/** The viewer's role in a business they are known to see, checked against `permission`. */
export async function authorize(viewer: Viewer, businessId: string, permission: Permission, entity: string): Promise<MemberRole> {
  const role = await roleIn(viewer, businessId);
  if (!role) throw new NotFoundError(entity);
  return checkRole(role, permission);
}

/** A business-scoped row read through the viewer's memberships (null for a non-member), checked against `permission`. */
export async function authorizeRow<T extends { businessId: string }>(viewer: Viewer, row: T | null, entity: string, permission: Permission): Promise<T> {
  if (!row) throw new NotFoundError(entity);
  await authorize(viewer, row.businessId, permission, entity);
  return row;
}

export async function findBusinessFor(viewer: Viewer, id: string, permission: Permission) {
  const membership = await prisma.membership.findUnique({ where: { businessId_userId: { businessId: id, userId: viewer.id } }, include: { business: true } });
  if (!membership) throw new NotFoundError('Business');
  checkRole(membership.role, permission);
  return { ...membership.business, viewerRole: membership.role };
}

export async function findCampaignFor(viewer: Viewer, id: string, permission: Permission) {
  const campaign = await prisma.campaign.findFirst({ where: { id, ...inMemberBusinessWhere(viewer) } });
  if (!campaign) throw new NotFoundError('Campaign');
  const viewerRole = await authorize(viewer, campaign.businessId, permission, 'Campaign');
  return { ...campaign, viewerRole };
}

export async function findContentFor(viewer: Viewer, id: string, permission: Permission) {
  const content = await prisma.content.findFirst({
    where: { id, ...inMemberBusinessWhere(viewer) },
    include: { campaign: { select: { durationDays: true } } },
  });
  if (!content) throw new NotFoundError('Content');
  const viewerRole = await authorize(viewer, content.businessId, permission, 'Content');
  return { ...content, viewerRole };
}
