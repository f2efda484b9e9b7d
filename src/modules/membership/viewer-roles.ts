import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import type { MemberRole } from '../../domain/enums.ts';

// One loader per request (keyed by its context object): the viewer's role in every business of a
// response in one query.
const loaders = new WeakMap<object, DataLoader<string, MemberRole | null>>();

/** The viewer's role in the business, or null when not a member. */
export function viewerRoleIn(ctx: { viewer: Viewer | null }, businessId: string): Promise<MemberRole | null> {
  let loader = loaders.get(ctx);
  if (!loader) {
    const userId = ctx.viewer?.id ?? '';
    loader = new DataLoader(async (businessIds: readonly string[]) => {
      const memberships = await prisma.membership.findMany({ where: { userId, businessId: { in: [...businessIds] } }, select: { businessId: true, role: true } });
      const roles = new Map(memberships.map((membership) => [membership.businessId, membership.role]));
      return businessIds.map((id) => roles.get(id) ?? null);
    });
    loaders.set(ctx, loader);
  }
  return loader.load(businessId);
}
