import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { authorize, checkRole, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { requirePerson } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { retryingConflicts } from '../../db/conflict-retry.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { MemberRole } from '../../domain/enums.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, RateLimitedError, ValidationError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/fields.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { can, permissionToManage, roleOrder } from '../../domain/roles.ts';
import { announceMembership } from './membership-events.ts';

export const INVITATION_DAYS = 7;
export const MAX_PENDING_INVITATIONS = 100;
/** Invitations a business may send in 24 hours, replaced ones included: bounds what a flood of re-invitations writes. */
export const MAX_INVITATIONS_PER_DAY = 200;
/** Invitations no longer pending are kept this long (who was invited, by whom), then purged. */
export const SETTLED_INVITATION_DAYS = 30;
const DAY_MS = 86_400_000;
const TOKEN_PREFIX = 'hinv_';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export const invitationStatus = (invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus =>
  invitation.acceptedAt ? 'ACCEPTED' : invitation.revokedAt ? 'REVOKED' : invitation.expiresAt <= now ? 'EXPIRED' : 'PENDING';

/** The invitations invitationStatus gives `status`, as a filter. */
export const invitationsWhere = (status: InvitationStatus, now: Date) =>
  ({
    PENDING: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    ACCEPTED: { acceptedAt: { not: null } },
    REVOKED: { acceptedAt: null, revokedAt: { not: null } },
    EXPIRED: { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } },
  })[status];

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const inviteInput = z.object({
  // Spelt as signUp stores it (trimmed, lower-case), so the invitee's account matches.
  email: z.string().trim().toLowerCase().max(254, 'Must be at most 254 characters').pipe(z.email('Must be an email address')),
  role: z.enum(MemberRole),
});

type InvitationQuery = { include?: object; select?: object };

/** Invites someone by email; the token (shown once, here) is what they accept with. Inviting again replaces a pending invitation. */
export async function inviteMember(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: InvitationQuery }) {
  const { email, role } = parseInput(inviteInput, input);
  if (role === 'OWNER') throw new ValidationError([{ path: ['input', 'role'], message: 'There is one owner: invite an ADMIN and transfer ownership' }]);
  const business = await findBusinessFor(ctx.viewer, businessId, 'read');
  checkRole(business.access, permissionToManage(role));
  const now = ctx.app.clock.now();
  if (await prisma.membership.findFirst({ where: { businessId, user: { email } }, select: { id: true } })) {
    throw new ConflictError('That person is already a member of this business');
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const invitation = await serializable(async (tx) => {
    const pending = { businessId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
    // Replacing a pending invitation revokes it: only who may revoke it (an ADMIN one is the owner's) may replace it.
    for (const { role: replaced } of await tx.invitation.findMany({ where: { ...pending, email }, select: { role: true } })) {
      checkRole(business.access, permissionToManage(replaced));
    }
    await tx.invitation.updateMany({ where: { ...pending, email }, data: { revokedAt: now } });
    if ((await tx.invitation.count({ where: { businessId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } } })) >= MAX_INVITATIONS_PER_DAY) {
      throw new RateLimitedError(3_600);
    }
    if ((await tx.invitation.count({ where: pending })) >= MAX_PENDING_INVITATIONS) {
      throw new ValidationError([{ path: ['input'], message: `A business can have at most ${MAX_PENDING_INVITATIONS} pending invitations; revoke some first` }]);
    }
    return tx.invitation.create({
      ...query,
      data: { businessId, email, role, tokenHash: hashToken(token), invitedById: ctx.viewer.id, expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS) },
    });
  });
  return { invitation, token };
}

const MAX_ATTEMPTS = 10;

/**
 * Inviting reads the business's pending invitations and then writes (revokes the email's earlier
 * one, counts the rest): under READ COMMITTED two concurrent invitations of one email both stayed
 * pending, each with a valid token. SERIALIZABLE makes PostgreSQL abort one of them, which then
 * runs again and revokes the other (SQLite runs write transactions one at a time anyway).
 */
async function serializable<T>(run: (tx: Transaction) => Promise<T>): Promise<T> {
  return retryingConflicts(() => prisma.$transaction(run, { isolationLevel: 'Serializable' }), { attempts: MAX_ATTEMPTS, backoffMs: 10 });
}

export async function revokeInvitation(ctx: ServiceContext, { id, query }: { id: string; query?: InvitationQuery }) {
  const invitation = await prisma.invitation.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } });
  if (!invitation) throw new NotFoundError('Invitation');
  checkRole(await authorize(ctx.viewer, invitation.businessId, 'read', 'Invitation'), permissionToManage(invitation.role));
  const now = ctx.app.clock.now();
  const status = invitationStatus(invitation, now);
  if (status !== 'PENDING') throw new InvalidTransitionError('Invitation', status, 'REVOKED', [], `The invitation is ${status.toLowerCase()}; only a pending one can be revoked`);
  const { count } = await prisma.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0) {
    // Accepted (or revoked) meanwhile: say so rather than return it as if it were revoked now.
    const settled = invitationStatus(await prisma.invitation.findUniqueOrThrow({ where: { id } }), now);
    throw new InvalidTransitionError('Invitation', settled, 'REVOKED', [], `The invitation is ${settled.toLowerCase()}; only a pending one can be revoked`);
  }
  return prisma.invitation.findUniqueOrThrow({ ...query, where: { id } });
}

const refusals: Record<Exclude<InvitationStatus, 'PENDING'>, string> = {
  ACCEPTED: 'This invitation has already been used',
  REVOKED: 'This invitation was revoked; ask for a new one',
  EXPIRED: 'This invitation has expired; ask for a new one',
};

/** Whether the member who sent the invitation may still invite that role (an invitation whose sender's account is gone stands). */
async function inviterMayStillSend(invitation: { businessId: string; invitedById: string | null; role: MemberRole }): Promise<boolean> {
  if (!invitation.invitedById) return true;
  const inviter = await prisma.membership.findUnique({ where: { businessId_userId: { businessId: invitation.businessId, userId: invitation.invitedById } }, select: { role: true } });
  return inviter !== null && can(inviter.role, permissionToManage(invitation.role));
}

/** Joins the signed-in user to the business, if the invitation is pending and was sent to their email. */
export async function acceptInvitation(ctx: ServiceContext, { token }: { token: string }) {
  requirePerson(ctx.viewer, 'accept an invitation');
  const invitation = typeof token === 'string' && token.startsWith(TOKEN_PREFIX) ? await prisma.invitation.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
  if (!invitation) throw new NotFoundError('Invitation');
  const now = ctx.app.clock.now();
  const status = invitationStatus(invitation, now);
  if (status !== 'PENDING') throw new InvalidTransitionError('Invitation', status, 'ACCEPTED', [], refusals[status]);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: ctx.viewer.id }, select: { email: true } });
  if (user.email.toLowerCase() !== invitation.email) throw new ForbiddenError('This invitation was sent to another email address');
  if (!(await inviterMayStillSend(invitation))) {
    // Sent just as its inviter was removed or demoted (revokeInvitationsBeyond ran before it existed).
    await prisma.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    throw new InvalidTransitionError('Invitation', 'REVOKED', 'ACCEPTED', [], refusals.REVOKED);
  }
  const membership = await prisma.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: now } });
    if (count === 0) throw new InvalidTransitionError('Invitation', 'ACCEPTED', 'ACCEPTED', [], refusals.ACCEPTED);
    return tx.membership
      .create({ data: { businessId: invitation.businessId, userId: ctx.viewer.id, role: invitation.role } })
      .catch(conflictOnDuplicate('You are already a member of this business'));
  });
  announceMembership(ctx.app, { businessId: membership.businessId, userId: membership.userId, role: membership.role, actorId: ctx.viewer.id });
  return membership;
}

/**
 * Revokes the pending invitations a member sent that they may no longer send: all of them when
 * they are no longer a member (`role` null), those for ADMIN once they are not the owner, every
 * one once they cannot manage members. An invitation lasts only while its inviter could send it,
 * so a removed or demoted admin cannot come back through one they sent to another account.
 */
export async function revokeInvitationsBeyond(tx: Transaction, { businessId, userId, role, now }: { businessId: string; userId: string; role: MemberRole | null; now: Date }) {
  const invitable = roleOrder.filter((invited) => invited !== 'OWNER');
  const beyond = role ? invitable.filter((invited) => !can(role, permissionToManage(invited))) : invitable;
  if (beyond.length === 0) return;
  await tx.invitation.updateMany({
    where: { businessId, invitedById: userId, role: { in: beyond }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
}

/** Deletes invitations accepted, revoked or expired more than SETTLED_INVITATION_DAYS ago. */
export async function deleteSettledInvitations(now: Date): Promise<number> {
  const before = new Date(now.getTime() - SETTLED_INVITATION_DAYS * DAY_MS);
  const { count } = await prisma.invitation.deleteMany({
    where: { OR: [{ acceptedAt: { lt: before } }, { revokedAt: { lt: before } }, { expiresAt: { lt: before } }] },
  });
  return count;
}
