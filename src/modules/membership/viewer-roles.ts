import { accessOf, checkRole } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { type Access, describePermission, type Permission } from '../../domain/roles.ts';
import { perRequestLoader } from '../../request-loaders.ts';

// The viewer's access to every business of a response in one query.
const accessLoader = perRequestLoader<{ viewer: Viewer }, string, Access | null>(({ viewer }) => async (businessIds) => {
  const memberships = await prisma.membership.findMany({ where: { userId: viewer.id, businessId: { in: [...businessIds] } }, select: { businessId: true, role: true } });
  const byBusiness = new Map(memberships.map((membership) => [membership.businessId, membership]));
  return businessIds.map((id) => accessOf(viewer, byBusiness.get(id) ?? null));
});

/** The viewer's access (role, and a key's scopes) to the business, or null when not a member. */
export function viewerAccessTo(ctx: { viewer: Viewer | null }, businessId: string): Promise<Access | null> {
  if (!ctx.viewer) return Promise.resolve(null);
  return accessLoader(ctx as { viewer: Viewer }).load(businessId);
}

/**
 * A field's authScopes: the viewer's role in the business (the parent) must allow `permission`,
 * else FORBIDDEN with checkRole's message. As a scope rather than in a resolver, the field can be
 * a relation the parent's query loads, batched with its siblings.
 */
export const roleAllows =
  (permission: Permission) =>
  async (business: { id: string }, _args: unknown, ctx: { viewer: Viewer | null }): Promise<boolean> => {
    // A failed scope answers the builder's unauthorizedError (UNAUTHENTICATED): only for nobody signed in.
    if (!ctx.viewer) return false;
    const access = await viewerAccessTo(ctx, business.id);
    // Signed in but no member (removed after the business was read): refused, not unauthenticated.
    if (!access) throw new ForbiddenError(`You are not a member of this business: you may not ${describePermission[permission]}`);
    checkRole(access, permission);
    return true;
  };
