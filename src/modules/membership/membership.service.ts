import { authorize, checkRole, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { requirePerson } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import type { MemberRole } from '../../domain/enums.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { permissionToManage } from '../../domain/roles.ts';
import { revokeInvitationsBeyond } from './invitation.service.ts';
import { announceMembership } from './membership-events.ts';

type MembershipQuery = { include?: object; select?: object };

/** A membership of a business the viewer belongs to, checked as one the viewer may manage. */
async function findManagedMembership(ctx: ServiceContext, id: string) {
  const membership = await prisma.membership.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } });
  if (!membership) throw new NotFoundError('Member');
  const access = await authorize(ctx.viewer, membership.businessId, 'read', 'Member');
  if (membership.role === 'OWNER') throw new ForbiddenError('The owner stays the owner until they transfer ownership');
  checkRole(access, permissionToManage(membership.role));
  return { ...membership, access };
}

function refuseOwnerRole(role: MemberRole, path: string[]) {
  if (role === 'OWNER') throw new ValidationError([{ path, message: 'There is one owner: use transferOwnership to hand the business over' }]);
}

export async function updateMemberRole(ctx: ServiceContext, { id, role, query }: { id: string; role: MemberRole; query?: MembershipQuery }) {
  refuseOwnerRole(role, ['input', 'role']);
  const membership = await findManagedMembership(ctx, id);
  checkRole(membership.access, permissionToManage(role));
  // Only if the role is still the one checked: a concurrent change is not overwritten by a weaker manager.
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.membership.updateMany({ where: { id, role: membership.role }, data: { role } });
    if (count === 0) throw new NotFoundError('Member');
    await revokeInvitationsBeyond(tx, { businessId: membership.businessId, userId: membership.userId, role, now: ctx.app.clock.now() });
  });
  announceMembership(ctx.app, { businessId: membership.businessId, userId: membership.userId, role, actorId: ctx.viewer.id });
  return prisma.membership.findUniqueOrThrow({ ...query, where: { id } });
}

export async function removeMember(ctx: ServiceContext, { id }: { id: string }) {
  const membership = await findManagedMembership(ctx, id);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.membership.deleteMany({ where: { id, role: membership.role } });
    if (count === 0) throw new NotFoundError('Member');
    await revokeInvitationsBeyond(tx, { businessId: membership.businessId, userId: membership.userId, role: null, now: ctx.app.clock.now() });
  });
  announceMembership(ctx.app, { businessId: membership.businessId, userId: membership.userId, role: null, actorId: ctx.viewer.id });
}

export async function leaveBusiness(ctx: ServiceContext, { businessId }: { businessId: string }) {
  requirePerson(ctx.viewer, 'leave a business');
  const business = await findBusinessFor(ctx.viewer, businessId, 'read');
  if (business.access.role === 'OWNER') throw new ForbiddenError('The owner cannot leave the business: transfer ownership first');
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.membership.deleteMany({ where: { businessId, userId: ctx.viewer.id, role: { not: 'OWNER' } } });
    if (count === 0) throw new NotFoundError('Business');
    await revokeInvitationsBeyond(tx, { businessId, userId: ctx.viewer.id, role: null, now: ctx.app.clock.now() });
  });
  announceMembership(ctx.app, { businessId, userId: ctx.viewer.id, role: null, actorId: ctx.viewer.id });
}

/** Makes another member the owner; the previous owner stays as an ADMIN. */
export async function transferOwnership(ctx: ServiceContext, { businessId, memberId, query }: { businessId: string; memberId: string; query?: object }) {
  await findBusinessFor(ctx.viewer, businessId, 'transferOwnership');
  const target = await prisma.membership.findFirst({ where: { id: memberId, businessId } });
  if (!target) throw new NotFoundError('Member');
  if (target.userId === ctx.viewer.id) throw new ValidationError([{ path: ['input', 'memberId'], message: 'You already own this business' }]);
  await prisma.$transaction(async (tx) => {
    // The owner changes only from the viewer: of two concurrent transfers, one wins.
    const { count } = await tx.business.updateMany({ where: { id: businessId, ownerId: ctx.viewer.id }, data: { ownerId: target.userId } });
    if (count === 0) throw new ForbiddenError('You no longer own this business');
    await tx.membership.update({ where: { businessId_userId: { businessId, userId: ctx.viewer.id } }, data: { role: 'ADMIN' } });
    await tx.membership.update({ where: { id: target.id }, data: { role: 'OWNER' } });
    await revokeInvitationsBeyond(tx, { businessId, userId: ctx.viewer.id, role: 'ADMIN', now: ctx.app.clock.now() });
  });
  announceMembership(ctx.app, { businessId, userId: ctx.viewer.id, role: 'ADMIN', actorId: ctx.viewer.id });
  announceMembership(ctx.app, { businessId, userId: target.userId, role: 'OWNER', actorId: ctx.viewer.id });
  return prisma.business.findUniqueOrThrow({ ...(query as object), where: { id: businessId } });
}
