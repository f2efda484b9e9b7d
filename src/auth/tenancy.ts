import { prisma } from '../db/client.ts';
import type { MemberRole } from '../domain/enums.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { type Access, allows, describePermission, type Permission, rolesWith, scopeFor } from '../domain/roles.ts';
import type { Viewer } from './viewer.ts';

// The one place that says which rows a viewer may touch: every business-scoped row is reached
// through a business the viewer is a member of, and another tenant's row is indistinguishable
// from a missing one (null on reads, NOT_FOUND on writes). A member whose role does not allow
// an action is told so (FORBIDDEN): they can see the object. An API key reaches only its own
// business, as its creator while they are a member, and only within its scopes.

/** Matches no row at all when nobody is signed in. */
const viewerIdOrNone = (viewer: Viewer | null) => viewer?.id ?? '';

// A key's business is named inside the membership filter, where no caller's own `id` can override it.
export const memberBusinessWhere = (viewer: Viewer | null) => ({
  memberships: { some: { userId: viewerIdOrNone(viewer), ...(viewer?.apiKey ? { businessId: viewer.apiKey.businessId } : {}) } },
});
export const inMemberBusinessWhere = (viewer: Viewer | null) => ({ business: memberBusinessWhere(viewer) });
/**
 * Businesses where the viewer's access has `permission` (for a key: its own business, and only
 * with the scope the permission needs): for rows only those members may even see.
 */
export const permittedBusinessWhere = (viewer: Viewer | null, permission: Permission) => {
  const scope = scopeFor[permission];
  const keyRefused = viewer?.apiKey && (scope === null || !viewer.apiKey.scopes.includes(scope));
  return {
    memberships: { some: { ...memberBusinessWhere(viewer).memberships.some, role: { in: rolesWith(permission) } } },
    ...(keyRefused ? { id: '' } : {}),
  };
};

/** A user's role in a business (whatever key they act through); null when not a member. */
export async function roleOfUser(userId: string, businessId: string): Promise<MemberRole | null> {
  const membership = await prisma.membership.findUnique({ where: { businessId_userId: { businessId, userId } }, select: { role: true } });
  return membership?.role ?? null;
}

/** The viewer's access to a business from their membership's role (null when not a member, or a key of another business). */
export function accessOf(viewer: Viewer, membership: { businessId: string; role: Access['role'] } | null): Access | null {
  if (!membership) return null;
  if (!viewer.apiKey) return { role: membership.role, scopes: null };
  return viewer.apiKey.businessId === membership.businessId ? { role: membership.role, scopes: viewer.apiKey.scopes } : null;
}

/** The viewer's access to a business; null when not a member. */
export async function roleIn(viewer: Viewer | null, businessId: string): Promise<Access | null> {
  if (!viewer) return null;
  const membership = await prisma.membership.findUnique({ where: { businessId_userId: { businessId, userId: viewer.id } }, select: { businessId: true, role: true } });
  return accessOf(viewer, membership);
}

export function checkRole(access: Access, permission: Permission): Access {
  if (allows(access, permission)) return access;
  const who = access.scopes ? `This API key (scopes ${access.scopes.join(', ') || 'none'}, of an ${access.role})` : `Your role (${access.role})`;
  throw new ForbiddenError(`${who} may not ${describePermission[permission]}`);
}

/**
 * For what spans the viewer's businesses (listing them): a key must have the scope `permission`
 * needs; a person's role is checked per business, and every member may read.
 */
export function checkKeyScope(viewer: Viewer, permission: Permission): void {
  const scope = scopeFor[permission];
  if (viewer.apiKey && (scope === null || !viewer.apiKey.scopes.includes(scope))) {
    throw new ForbiddenError(`This API key (scopes ${viewer.apiKey.scopes.join(', ') || 'none'}) may not ${describePermission[permission]}`);
  }
}

/** The viewer's access to a business they are known to see, checked against `permission`. */
export async function authorize(viewer: Viewer, businessId: string, permission: Permission, entity: string): Promise<Access> {
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
  const access = accessOf(viewer, membership);
  if (!membership || !access) throw new NotFoundError('Business');
  checkRole(access, permission);
  return { ...membership.business, access: access };
}

export async function findCampaignFor(viewer: Viewer, id: string, permission: Permission) {
  const campaign = await prisma.campaign.findFirst({ where: { id, ...inMemberBusinessWhere(viewer) } });
  if (!campaign) throw new NotFoundError('Campaign');
  const access = await authorize(viewer, campaign.businessId, permission, 'Campaign');
  return { ...campaign, access };
}

export async function findContentFor(viewer: Viewer, id: string, permission: Permission) {
  const content = await prisma.content.findFirst({
    where: { id, ...inMemberBusinessWhere(viewer) },
    include: { campaign: { select: { durationDays: true } } },
  });
  if (!content) throw new NotFoundError('Content');
  const access = await authorize(viewer, content.businessId, permission, 'Content');
  return { ...content, access };
}
