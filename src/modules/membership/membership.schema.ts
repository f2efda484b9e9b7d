import { checkRole, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { ConflictError, InvalidTransitionError, RateLimitedError } from '../../domain/errors.ts';
import type { Invitation } from '../../generated/prisma-postgresql/client.ts';
import { approvalRequired } from '../../domain/roles.ts';
import { builder } from '../../graphql/builder.ts';
import { MemberRoleEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { UserNode, visibleUserField } from '../account/user.schema.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { acceptInvitation, INVITATION_DAYS, invitationStatus, invitationsWhere, inviteMember, MAX_PENDING_INVITATIONS, revokeInvitation } from './invitation.service.ts';
import { leaveBusiness, removeMember, transferOwnership, updateMemberRole } from './membership.service.ts';
import { roleAllows, viewerAccessTo } from './viewer-roles.ts';

export const MemberNode = builder.prismaNode('Membership', {
  name: 'Member',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  description: "A user's membership of a business, with their role.",
  fields: (t) => ({
    user: t.relation('user', { type: UserNode }),
    role: t.expose('role', { type: MemberRoleEnum }),
    business: t.relation('business', { type: BusinessNode }),
    joinedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const InvitationStatusEnum = builder.enumType('InvitationStatus', { values: ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const });

export const InvitationNode = builder.prismaNode('Invitation', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  // Seen by those who may manage members (ADMIN and OWNER) only.
  findUnique: (id, ctx) => ({
    id,
    // Never through an API key: managing people is a person's act.
    ...(ctx.viewer?.apiKey ? { id: '' } : {}),
    business: { memberships: { some: { userId: ctx.viewer?.id ?? '', role: { in: ['OWNER', 'ADMIN'] } } } },
  }),
  description: `An invitation to join a business, valid ${INVITATION_DAYS} days. Its token is shown once, by inviteMember.`,
  fields: (t) => ({
    email: t.exposeString('email'),
    role: t.expose('role', { type: MemberRoleEnum }),
    status: t.field({
      type: InvitationStatusEnum,
      select: { acceptedAt: true, revokedAt: true, expiresAt: true },
      resolve: (invitation, _args, ctx) => invitationStatus(invitation, ctx.app.clock.now()),
    }),
    invitedBy: t.field(visibleUserField('invitedBy', 'Who sent the invitation; null when they share no business with you any more.')),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(BusinessNode, (t) => ({
  viewerRole: t.field({
    type: MemberRoleEnum,
    description: 'Your role in this business.',
    resolve: async (business, _args, ctx) => (await viewerAccessTo(ctx, business.id))?.role ?? 'VIEWER',
  }),
  requireApproval: t.boolean({
    description: 'Whether content must be approved by an ADMIN or the OWNER before it is APPROVED or SCHEDULED: as the owner set it, else true once the business has more than one member.',
    select: { requireApproval: true, _count: { select: { memberships: true } } },
    resolve: (business) => approvalRequired(business.requireApproval, business._count.memberships),
  }),
  members: t.relatedConnection('memberships', {
    type: MemberNode,
    cursor: 'id',
    totalCount: true,
    description: 'Everyone who works on this business, in the order they joined.',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
  invitations: t.relatedConnection('invitations', {
    type: InvitationNode,
    cursor: 'id',
    // Nullable, so that refusing it to an EDITOR or VIEWER does not null the whole business.
    nullable: true,
    description: `Invitations, newest first (at most ${MAX_PENDING_INVITATIONS} pending at a time). ADMIN and OWNER only: null with a FORBIDDEN error for other members.`,
    args: { status: t.arg({ type: InvitationStatusEnum }) },
    authScopes: roleAllows('manageMembers'),
    query: ({ status }, ctx) => ({ where: status ? invitationsWhere(status, ctx.app.clock.now()) : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),

}));

const InviteMemberPayload = builder.objectRef<{ invitation: Invitation; token: string }>('InviteMemberPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationNode, resolve: (payload) => payload.invitation }),
    token: t.exposeString('token', { description: 'Shown once: give it to the invitee, who accepts with acceptInvitation while signed in with the invited email.' }),
  }),
});

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    email: t.string({ required: true }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'ADMIN (the owner invites admins), EDITOR or VIEWER.' }),
  }),
});
const IdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });
const RevokeInvitationInput = IdInput('RevokeInvitationInput');
const RemoveMemberInput = IdInput('RemoveMemberInput');
const LeaveBusinessInput = builder.inputType('LeaveBusinessInput', { fields: (t) => ({ businessId: t.id({ required: true }) }) });
const UpdateMemberRoleInput = builder.inputType('UpdateMemberRoleInput', {
  fields: (t) => ({ id: t.id({ required: true, description: 'The Member.' }), role: t.field({ type: MemberRoleEnum, required: true }) }),
});
const TransferOwnershipInput = builder.inputType('TransferOwnershipInput', {
  fields: (t) => ({ businessId: t.id({ required: true }), memberId: t.id({ required: true, description: 'The Member who becomes the owner.' }) }),
});
const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', { fields: (t) => ({ token: t.string({ required: true }) }) });

const RemovedMember = builder.simpleObject('RemovedMember', { fields: (t) => ({ removedId: t.id({ description: 'The global ID of the removed Member.' }) }) });
const LeftBusiness = builder.simpleObject('LeftBusiness', { fields: (t) => ({ businessId: t.id({ description: 'The global ID of the business you left.' }) }) });

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    inviteMember: signedIn.field({
      type: InviteMemberPayload,
      errors: { types: [ConflictError, RateLimitedError] },
      description: 'Invites someone by email to a business (ADMIN: editors and viewers; OWNER: admins too). Inviting the same email again replaces the pending invitation.',
      args: { input: t.arg({ type: InviteMemberInput, required: true }) },
      resolve: (_root, { input: { businessId, ...input } }, ctx) => inviteMember(ctx, { businessId: localId(businessId, 'Business'), input }),
    }),
    revokeInvitation: signedIn.prismaField({
      type: InvitationNode,
      errors: { types: [InvalidTransitionError] },
      args: { input: t.arg({ type: RevokeInvitationInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => revokeInvitation(ctx, { id: localId(input.id, 'Invitation'), query }),
    }),
    acceptInvitation: signedIn.prismaField({
      type: MemberNode,
      errors: { types: [InvalidTransitionError, ConflictError] },
      description: 'Joins the business you were invited to; you must be signed in with the invited email (FORBIDDEN otherwise).',
      args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
      resolve: async (query, _root, { input }, ctx) => {
        const membership = await acceptInvitation(ctx, { token: input.token });
        return prisma.membership.findUniqueOrThrow({ ...query, where: { id: membership.id } });
      },
    }),
    updateMemberRole: signedIn.prismaField({
      type: MemberNode,
      errors: {},
      description: "Changes a member's role (ADMIN: among EDITOR and VIEWER; OWNER: admins too). The owner's role changes only by transferOwnership.",
      args: { input: t.arg({ type: UpdateMemberRoleInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => updateMemberRole(ctx, { id: localId(input.id, 'Member'), role: input.role, query }),
    }),
    removeMember: signedIn.field({
      type: RemovedMember,
      errors: {},
      description: 'Removes a member; their open subscriptions end with FORBIDDEN.',
      args: { input: t.arg({ type: RemoveMemberInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await removeMember(ctx, { id: localId(input.id, 'Member') });
        return { removedId: input.id };
      },
    }),
    leaveBusiness: signedIn.field({
      type: LeftBusiness,
      errors: {},
      description: 'Leaves a business you are a member of. The owner cannot leave (FORBIDDEN): transfer ownership first.',
      args: { input: t.arg({ type: LeaveBusinessInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await leaveBusiness(ctx, { businessId: localId(input.businessId, 'Business') });
        return { businessId: input.businessId };
      },
    }),
    transferOwnership: signedIn.prismaField({
      type: BusinessNode,
      errors: {},
      description: 'Makes another member the owner; you stay as an ADMIN.',
      args: { input: t.arg({ type: TransferOwnershipInput, required: true }) },
      resolve: (query, _root, { input }, ctx) =>
        transferOwnership(ctx, { businessId: localId(input.businessId, 'Business'), memberId: localId(input.memberId, 'Member'), query }),
    }),
  };
});
