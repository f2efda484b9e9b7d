import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { CreateContent, DeleteBusiness } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type Subscription, type WsClient } from './support/subscriptions.ts';

// Teams, as clients see them: invitations, roles, a removed member's subscriptions, approval
// before APPROVED and SCHEDULED once a business has several members, and what members of one
// business see of others.

const InviteMember = graphql(`
  mutation TeamInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      __typename
      ... on InviteMemberPayload { token invitation { id email role status expiresAt invitedBy { id } } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const AcceptInvitation = graphql(`
  mutation TeamAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on Member { id role user { id email } business { id } }
      ... on Error { code message }
      ... on InvalidTransitionError { from to }
    }
  }
`);

const RevokeInvitation = graphql(`
  mutation TeamRevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      __typename
      ... on Invitation { id email status }
      ... on Error { code message }
      ... on InvalidTransitionError { from to }
    }
  }
`);

const UpdateMemberRole = graphql(`
  mutation TeamUpdateMemberRole($input: UpdateMemberRoleInput!) {
    updateMemberRole(input: $input) {
      __typename
      ... on Member { id role user { id } }
      ... on Error { code message }
    }
  }
`);

const RemoveMember = graphql(`
  mutation TeamRemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) {
      __typename
      ... on RemovedMember { removedId }
      ... on Error { code message }
    }
  }
`);

const LeaveBusiness = graphql(`
  mutation TeamLeaveBusiness($input: LeaveBusinessInput!) {
    leaveBusiness(input: $input) {
      __typename
      ... on LeftBusiness { businessId }
      ... on Error { code message }
    }
  }
`);

const TransferOwnership = graphql(`
  mutation TeamTransferOwnership($input: TransferOwnershipInput!) {
    transferOwnership(input: $input) {
      __typename
      ... on Business { id viewerRole owner { id } }
      ... on Error { code message }
    }
  }
`);

const UpdateSettings = graphql(`
  mutation TeamUpdateSettings($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) {
      __typename
      ... on Business { id requireApproval }
      ... on Error { code message }
    }
  }
`);

const TeamBusiness = graphql(`
  query TeamBusiness($id: ID!) {
    business(id: $id) {
      id name viewerRole requireApproval
      owner { id email fullName }
      members(first: 20) { totalCount edges { node { id role joinedAt user { id email fullName } } } }
    }
  }
`);

const TeamInvitations = graphql(`
  query TeamInvitations($id: ID!, $status: InvitationStatus) {
    business(id: $id) {
      id
      invitations(first: 50, status: $status) { edges { node { id email role status expiresAt invitedBy { id } } } }
    }
  }
`);

const TeamBusinesses = graphql(`
  query TeamBusinesses {
    businesses(first: 50) { totalCount edges { node { id name viewerRole } } }
  }
`);

const TeamContent = graphql(`
  query TeamContent($id: ID!) {
    content(id: $id) {
      id status caption scheduledAt publishedAt approvedAt approvalComment
      approvedBy { id email fullName }
    }
  }
`);

const TeamReads = graphql(`
  query TeamReads($businessId: ID!, $campaignId: ID!, $contentId: ID!) {
    business(id: $businessId) { id }
    campaign(id: $campaignId) { id }
    content(id: $contentId) { id }
    businesses(first: 50) { totalCount edges { node { id } } }
  }
`);

const TeamNode = graphql(`
  query TeamNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on User { email fullName }
      ... on Member { role }
      ... on Invitation { email }
      ... on Business { name }
      ... on Campaign { name }
      ... on Content { caption }
    }
  }
`);

const ApproveContent = graphql(`
  mutation TeamApproveContent($input: ApproveContentInput!) {
    approveContent(input: $input) {
      __typename
      ... on Content { id status approvedAt approvalComment approvedBy { id email fullName } }
      ... on Error { code message }
      ... on InvalidTransitionError { from to }
    }
  }
`);

const MoveContent = graphql(`
  mutation TeamMoveContent($id: ID!, $to: ContentStatus!, $scheduledAt: DateTime) {
    transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt) {
      __typename
      ... on Content { id status scheduledAt approvedAt approvedBy { id } }
      ... on Error { code message }
      ... on InvalidTransitionError { from to }
    }
  }
`);

const EditContent = graphql(`
  mutation TeamEditContent($input: UpdateContentInput!) {
    updateContent(input: $input) {
      __typename
      ... on Content { id status caption hashtags scheduledAt approvedAt approvalComment approvedBy { id } }
      ... on Error { code message }
    }
  }
`);

const Regenerate = graphql(`
  mutation TeamRegenerate($input: RegenerateContentInput!) {
    regenerateContent(input: $input) {
      __typename
      ... on Content { id status caption revisionCount approvedAt approvedBy { id } }
      ... on Error { code message }
    }
  }
`);

const CreateRule = graphql(`
  mutation TeamCreateRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) {
      __typename
      ... on AutomationRule { id }
      ... on Error { code message }
    }
  }
`);

const RuleCounts = graphql(`
  query TeamRuleCounts($id: ID!) {
    business(id: $id) { automationRules { id executionCount successCount } }
  }
`);

const Categorize = graphql(`
  mutation TeamCategorize($id: ID!) {
    categorizeContent(id: $id) {
      __typename
      ... on Content { id status approvedAt approvedBy { id } }
      ... on Error { code message }
    }
  }
`);

const OnContentStatus = graphql(`
  subscription TeamOnContentStatus($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { previousStatus status actor { id } content { id status } }
  }
`);

const OnReviewRequested = graphql(`
  subscription TeamOnReviewRequested($businessId: ID, $campaignId: ID) {
    reviewRequested(businessId: $businessId, campaignId: $campaignId) { eventId actor { id email fullName } content { id status caption } }
  }
`);

type Role = 'OWNER' | 'ADMIN' | 'EDITOR' | 'VIEWER';
interface Member extends TestUser {
  memberId: string;
}

const DAY_MS = 86_400_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const freshEmail = (name: string) => `${name}-${randomUUID()}@example.com`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const errorCode = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe.skipIf(databaseMissing)(`teams (${testProvider})`, () => {
  let server: TestServer;
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    // Jobs due later are found by polling (PostgreSQL): the publication an edit cancels would otherwise never be due.
    server = await startTestServer({ JOB_POLL_SECONDS: '0.5' });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await server?.stop();
  });

  const as = (user: TestUser) => ({ token: user.token });
  const client = () => server.client;
  const connect = (user: TestUser) => {
    const socket = connectWs(server.url, user.token);
    sockets.push(socket);
    return socket;
  };

  // The server runs in this process: its bus says how many subscriptions are open.
  const activeSubscriptions = () => server.app.events.activeSubscriptions();
  async function settledSubscriptions(): Promise<number> {
    let last = -1;
    for (let stable = 0; stable < 3; ) {
      const now = activeSubscriptions();
      stable = now === last ? stable + 1 : 0;
      last = now;
      await pause(15);
    }
    return last;
  }
  /** Subscribes and waits until the server holds the subscription. */
  async function subscribed<T>(open: () => Subscription<T>): Promise<Subscription<T>> {
    const base = await settledSubscriptions();
    const subscription = open();
    for (let i = 0; i < 300 && activeSubscriptions() < base + 1; i++) await pause(10);
    expect(activeSubscriptions()).toBeGreaterThanOrEqual(base + 1);
    return subscription;
  }

  /** Moves the server's clock ahead for the duration of `run`. */
  async function withClockAhead<T>(ms: number, run: () => Promise<T>): Promise<T> {
    const clock = server.app.clock;
    const original = clock.now;
    clock.now = () => new Date(Date.now() + ms);
    try {
      return await run();
    } finally {
      clock.now = original;
    }
  }

  const invite = async (by: TestUser, businessId: string, email: string, role: Role) =>
    (await client().data(InviteMember, { input: { businessId, email, role } }, as(by))).inviteMember;
  const invited = async (by: TestUser, businessId: string, email: string, role: Role) => expectType(await invite(by, businessId, email, role), 'InviteMemberPayload');
  const accept = async (user: TestUser, token: string) => (await client().data(AcceptInvitation, { input: { token } }, as(user))).acceptInvitation;
  const revoke = async (by: TestUser, id: string) => (await client().data(RevokeInvitation, { input: { id } }, as(by))).revokeInvitation;
  const setRole = async (by: TestUser, id: string, role: Role) => (await client().data(UpdateMemberRole, { input: { id, role } }, as(by))).updateMemberRole;
  const remove = async (by: TestUser, id: string) => (await client().data(RemoveMember, { input: { id } }, as(by))).removeMember;
  const leave = async (user: TestUser, businessId: string) => (await client().data(LeaveBusiness, { input: { businessId } }, as(user))).leaveBusiness;
  const transfer = async (by: TestUser, businessId: string, memberId: string) =>
    (await client().data(TransferOwnership, { input: { businessId, memberId } }, as(by))).transferOwnership;
  const settings = async (by: TestUser, id: string, requireApproval: boolean | null) =>
    (await client().data(UpdateSettings, { input: { id, requireApproval } }, as(by))).updateBusiness;
  const readBusiness = async (user: TestUser, id: string) => (await client().data(TeamBusiness, { id }, as(user))).business;
  const readContent = async (user: TestUser, id: string) => (await client().data(TeamContent, { id }, as(user))).content;
  const nodeFor = async (user: TestUser, id: string) => (await client().data(TeamNode, { id }, as(user))).node;
  const approve = async (by: TestUser, id: string, comment?: string) => (await client().data(ApproveContent, { input: { id, comment } }, as(by))).approveContent;
  const move = async (by: TestUser, id: string, to: 'DRAFT' | 'REVIEW' | 'APPROVED' | 'SCHEDULED', scheduledAt?: string) =>
    (await client().data(MoveContent, { id, to, scheduledAt }, as(by))).transitionContent;
  const edit = async (by: TestUser, input: { id: string; caption?: string; hashtags?: string[]; scheduledAt?: string }) =>
    (await client().data(EditContent, { input }, as(by))).updateContent;
  const moved = async (by: TestUser, id: string, ...steps: ('DRAFT' | 'REVIEW' | 'APPROVED')[]) => {
    for (const to of steps) expectType(await move(by, id, to), 'Content');
  };

  /** Signs up someone, has `inviter` invite them with `role`, and accepts. */
  async function join(inviter: TestUser, businessId: string, role: Role, name: string): Promise<Member> {
    const user = await signUpUser(client(), name);
    const { token } = await invited(inviter, businessId, user.email, role);
    const member = expectType(await accept(user, token), 'Member');
    return { ...user, memberId: member.id };
  }

  /** An owner with a business and a campaign, and members in the roles given (in that order). */
  async function team(name: string, roles: Role[]) {
    const owner = await signUpUser(client(), `${name}Owner`);
    const business = await createBusiness(client(), owner, `${name} & Co`);
    const campaign = await createCampaign(client(), owner, business.id);
    const members: Member[] = [];
    for (const [index, role] of roles.entries()) members.push(await join(owner, business.id, role, `${name}${role[0]}${role.slice(1).toLowerCase()}${index}`));
    const ownerMemberId = (await readBusiness(owner, business.id))!.members.edges.find((edge) => edge.node.user.id === owner.id)!.node.id;
    return { owner: { ...owner, memberId: ownerMemberId }, business, campaign, members };
  }

  /** The roles in the database, and that the business has exactly one OWNER, the one Business.ownerId names. */
  async function rolesInDatabase(businessId: string) {
    const id = localIdOf(businessId);
    const [memberships, business] = await Promise.all([
      prisma.membership.findMany({ where: { businessId: id }, select: { userId: true, role: true } }),
      prisma.business.findUniqueOrThrow({ where: { id }, select: { ownerId: true } }),
    ]);
    const owners = memberships.filter((membership) => membership.role === 'OWNER');
    expect(owners).toHaveLength(1);
    expect(owners[0]!.userId).toBe(business.ownerId);
    return Object.fromEntries(memberships.map((membership) => [membership.userId, membership.role]));
  }
  const userIdOf = (user: TestUser) => localIdOf(user.id);

  describe('invitations', () => {
    it('joins the invitee with the invited role: the business is in their list with viewerRole, and among the members', async () => {
      const owner = await signUpUser(client(), 'Olive');
      const business = await createBusiness(client(), owner, 'Olive Grove');
      const editor = await signUpUser(client(), 'Edmund');

      // The email is matched without regard to case.
      const { token, invitation } = await invited(owner, business.id, editor.email.toUpperCase(), 'EDITOR');
      expect(token).toMatch(/^hinv_[A-Za-z0-9_-]{40,}$/);
      expect(invitation).toMatchObject({ email: editor.email, role: 'EDITOR', status: 'PENDING', invitedBy: { id: owner.id } });
      expect(Math.abs(new Date(invitation.expiresAt).getTime() - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
      expect(await readBusiness(editor, business.id)).toBeNull();

      const member = expectType(await accept(editor, token), 'Member');
      expect(member).toMatchObject({ role: 'EDITOR', user: { id: editor.id, email: editor.email }, business: { id: business.id } });

      const { businesses } = await client().data(TeamBusinesses, {}, as(editor));
      expect(businesses.totalCount).toBe(1);
      expect(businesses.edges.map((edge) => edge.node)).toEqual([{ id: business.id, name: 'Olive Grove', viewerRole: 'EDITOR' }]);
      const ownList = await client().data(TeamBusinesses, {}, as(owner));
      expect(ownList.businesses.edges.map((edge) => edge.node)).toEqual([{ id: business.id, name: 'Olive Grove', viewerRole: 'OWNER' }]);

      for (const viewer of [owner, editor]) {
        const seen = (await readBusiness(viewer, business.id))!;
        expect(seen.viewerRole).toBe(viewer === owner ? 'OWNER' : 'EDITOR');
        expect(seen.owner).toEqual({ id: owner.id, email: owner.email, fullName: 'Olive' });
        expect(seen.members.totalCount).toBe(2);
        expect(seen.members.edges.map((edge) => ({ role: edge.node.role, ...edge.node.user }))).toEqual([
          { role: 'OWNER', id: owner.id, email: owner.email, fullName: 'Olive' },
          { role: 'EDITOR', id: editor.id, email: editor.email, fullName: 'Edmund' },
        ]);
        expect(seen.members.edges[1]!.node.id).toBe(member.id);
      }
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'OWNER', [userIdOf(editor)]: 'EDITOR' });
    });

    it('shows invitations with their status (PENDING, ACCEPTED, REVOKED, EXPIRED) to the OWNER and ADMINs, FORBIDDEN to others', async () => {
      const { owner, business, members } = await team('Ledger', ['ADMIN', 'EDITOR', 'VIEWER']);
      const [admin, editor, viewer] = members;
      const revokedEmail = freshEmail('revoked');
      const revoked = await invited(owner, business.id, revokedEmail, 'VIEWER');
      expect(expectType(await revoke(admin!, revoked.invitation.id), 'Invitation')).toMatchObject({ status: 'REVOKED' });
      const late = await signUpUser(client(), 'Late');
      const lateInvitation = await invited(admin!, business.id, late.email, 'EDITOR');

      // A week and a day later: the late invitation has expired; one sent then is pending.
      await withClockAhead(8 * DAY_MS, async () => {
        const pendingEmail = freshEmail('pending');
        await invited(owner, business.id, pendingEmail, 'VIEWER');
        const expected = {
          [admin!.email]: ['ADMIN', 'ACCEPTED'],
          [editor!.email]: ['EDITOR', 'ACCEPTED'],
          [viewer!.email]: ['VIEWER', 'ACCEPTED'],
          [revokedEmail]: ['VIEWER', 'REVOKED'],
          [late.email]: ['EDITOR', 'EXPIRED'],
          [pendingEmail]: ['VIEWER', 'PENDING'],
        };
        for (const manager of [owner, admin!]) {
          const { business: seen } = await client().data(TeamInvitations, { id: business.id }, as(manager));
          const byEmail = Object.fromEntries(seen!.invitations!.edges.map(({ node }) => [node.email, [node.role, node.status]]));
          expect(byEmail).toEqual(expected);
        }
        for (const status of ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const) {
          const { business: seen } = await client().data(TeamInvitations, { id: business.id, status }, as(owner));
          const emails = seen!.invitations!.edges.map(({ node }) => node.email).sort();
          expect(emails).toEqual(Object.keys(expected).filter((email) => expected[email]![1] === status).sort());
        }

        const refused = await accept(late, lateInvitation.token);
        expect(refused).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from: 'EXPIRED', to: 'ACCEPTED' });
        expect(await revoke(owner, lateInvitation.invitation.id)).toMatchObject({ code: 'INVALID_TRANSITION', from: 'EXPIRED' });
      });
      expect(await readBusiness(late, business.id)).toBeNull();

      for (const member of [editor!, viewer!]) {
        const result = await client().request(TeamInvitations, { id: business.id }, as(member));
        expect(errorCode(result)).toBe('FORBIDDEN');
        expect(JSON.stringify(result.data)).not.toContain(revokedEmail);
        // What others may do with invitations: nothing.
        expect(await revoke(member, lateInvitation.invitation.id)).toMatchObject({ code: 'FORBIDDEN' });
        expect(await nodeFor(member, revoked.invitation.id)).toBeNull();
      }
      expect(await nodeFor(admin!, revoked.invitation.id)).toMatchObject({ __typename: 'Invitation', email: revokedEmail });
    });

    it('refuses unknown, revoked, replaced and used tokens, and a token sent to another email', async () => {
      const owner = await signUpUser(client(), 'Gatekeeper');
      const business = await createBusiness(client(), owner, 'Gated Garden');
      const ivy = await signUpUser(client(), 'Ivy');
      const oscar = await signUpUser(client(), 'Oscar');

      for (const token of [`hinv_${'A'.repeat(43)}`, 'not-a-token', '']) {
        expect(await accept(ivy, token)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
      }

      // Inviting the same email again replaces the pending invitation: the first token is dead.
      const first = await invited(owner, business.id, ivy.email, 'VIEWER');
      const second = await invited(owner, business.id, ivy.email, 'EDITOR');
      const { business: listed } = await client().data(TeamInvitations, { id: business.id, status: 'PENDING' }, as(owner));
      expect(listed!.invitations!.edges.map(({ node }) => [node.id, node.role])).toEqual([[second.invitation.id, 'EDITOR']]);
      expect(await nodeFor(owner, first.invitation.id)).toMatchObject({ __typename: 'Invitation' });
      const firstNow = await client().data(TeamInvitations, { id: business.id, status: 'REVOKED' }, as(owner));
      expect(firstNow.business!.invitations!.edges.map(({ node }) => node.id)).toEqual([first.invitation.id]);
      expect(await accept(ivy, first.token)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'REVOKED', to: 'ACCEPTED' });

      // Someone else signed in cannot use it, and trying does not spend it.
      expect(await accept(oscar, second.token)).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(await readBusiness(oscar, business.id)).toBeNull();
      expect(expectType(await accept(ivy, second.token), 'Member')).toMatchObject({ role: 'EDITOR' });
      expect(await accept(ivy, second.token)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'ACCEPTED', to: 'ACCEPTED' });

      // A revoked invitation.
      const forOscar = await invited(owner, business.id, oscar.email, 'VIEWER');
      expect(expectType(await revoke(owner, forOscar.invitation.id), 'Invitation').status).toBe('REVOKED');
      expect(await revoke(owner, forOscar.invitation.id)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'REVOKED' });
      expect(await accept(oscar, forOscar.token)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'REVOKED', to: 'ACCEPTED' });
      expect(await readBusiness(oscar, business.id)).toBeNull();

      // Members are not invited again.
      expect(await invite(owner, business.id, ivy.email, 'VIEWER')).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
      expect(await invite(owner, business.id, owner.email.toUpperCase(), 'ADMIN')).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
      expect(await invite(owner, business.id, 'not an email', 'VIEWER')).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'OWNER', [userIdOf(ivy)]: 'EDITOR' });
    });

    it('refuses an invitation to someone who is a member by the time they accept (CONFLICT)', async () => {
      const owner = await signUpUser(client(), 'Doorman');
      const business = await createBusiness(client(), owner, 'Double Door');
      const walter = await signUpUser(client(), 'Walter');
      const pending = await invited(owner, business.id, walter.email, 'VIEWER');
      // Walter joins meanwhile by another way (two invitations sent at once can both be pending): a membership row.
      await prisma.membership.create({ data: { businessId: localIdOf(business.id), userId: userIdOf(walter), role: 'EDITOR' } });
      expect(await accept(walter, pending.token)).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
      // Nothing changed: still one membership, the invitation still pending.
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'OWNER', [userIdOf(walter)]: 'EDITOR' });
      const { business: seen } = await client().data(TeamInvitations, { id: business.id }, as(owner));
      expect(seen!.invitations!.edges.map(({ node }) => node.status)).toEqual(['PENDING']);
    });

    it('leaves one pending invitation when an email is invited several times at once: no spare token lets a removed member back', async () => {
      const owner = await signUpUser(client(), 'Hasty');
      const business = await createBusiness(client(), owner, 'Hasty Hands');
      const invitee = await signUpUser(client(), 'Twin');
      const payloads = await Promise.all(Array.from({ length: 6 }, () => invited(owner, business.id, invitee.email, 'VIEWER')));
      const { business: seen } = await client().data(TeamInvitations, { id: business.id, status: 'PENDING' }, as(owner));
      expect(seen!.invitations!.edges).toHaveLength(1);
      const live = payloads.find((payload) => payload.invitation.id === seen!.invitations!.edges[0]!.node.id)!;

      const member = expectType(await accept(invitee, live.token), 'Member');
      expectType(await remove(owner, member.id), 'RemovedMember');
      for (const spare of payloads.filter((payload) => payload !== live)) {
        expect(await accept(invitee, spare.token)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'REVOKED' });
      }
      expect(await readBusiness(invitee, business.id)).toBeNull();
    });

    it('keeps only a SHA-256 of the token in the database, and never shows the token again', async () => {
      const owner = await signUpUser(client(), 'Vault');
      const business = await createBusiness(client(), owner, 'Vaulted');
      const email = freshEmail('hashed');
      const { token, invitation } = await invited(owner, business.id, email, 'EDITOR');
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id: localIdOf(invitation.id) } });
      expect(row.tokenHash).toBe(sha256(token));
      expect(row.tokenHash).not.toContain(token.slice(5, 25));
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(token.slice(5));
      const listing = await client().data(TeamInvitations, { id: business.id }, as(owner));
      expect(JSON.stringify(listing)).not.toContain(token.slice(5));
      // The hash itself is not a token.
      expect(await accept(owner, row.tokenHash)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await accept(owner, `hinv_${row.tokenHash}`)).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('roles', () => {
    it('lets an ADMIN manage editors and viewers but not admins; the OWNER manages admins; nobody hands out OWNER', async () => {
      const { owner, business, members } = await team('Roles', ['ADMIN', 'ADMIN', 'EDITOR', 'VIEWER']);
      const [admin, otherAdmin, editor, viewer] = members as [Member, Member, Member, Member];

      // Invitations: admins invite editors and viewers only; editors and viewers invite nobody.
      expect(await invite(admin, business.id, freshEmail('a'), 'ADMIN')).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expectType(await invite(admin, business.id, freshEmail('e'), 'EDITOR'), 'InviteMemberPayload');
      expectType(await invite(admin, business.id, freshEmail('v'), 'VIEWER'), 'InviteMemberPayload');
      for (const member of [editor, viewer]) {
        expect(await invite(member, business.id, freshEmail('x'), 'VIEWER')).toMatchObject({ code: 'FORBIDDEN' });
      }
      const adminInvitation = await invited(owner, business.id, freshEmail('admin'), 'ADMIN');
      expect(await revoke(admin, adminInvitation.invitation.id)).toMatchObject({ code: 'FORBIDDEN' });

      // Promotion, demotion and removal of admins is the owner's.
      expect(await setRole(admin, editor.memberId, 'ADMIN')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await setRole(admin, otherAdmin.memberId, 'EDITOR')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await remove(admin, otherAdmin.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await setRole(admin, owner.memberId, 'ADMIN')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await remove(admin, owner.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await setRole(editor, viewer.memberId, 'EDITOR')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await remove(viewer, editor.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      // Below ADMIN, an admin decides.
      expect(expectType(await setRole(admin, editor.memberId, 'VIEWER'), 'Member')).toMatchObject({ id: editor.memberId, role: 'VIEWER' });
      expect(expectType(await setRole(admin, editor.memberId, 'EDITOR'), 'Member').role).toBe('EDITOR');

      // Nobody is made OWNER but by a transfer.
      for (const by of [owner, admin]) {
        const refused = await setRole(by, editor.memberId, 'OWNER');
        expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
      }
      expect(await invite(owner, business.id, freshEmail('o'), 'OWNER')).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
      expect(await setRole(owner, owner.memberId, 'ADMIN')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await remove(owner, owner.memberId)).toMatchObject({ code: 'FORBIDDEN' });

      // The owner does what admins may not.
      expect(expectType(await setRole(owner, editor.memberId, 'ADMIN'), 'Member').role).toBe('ADMIN');
      expect(expectType(await setRole(owner, otherAdmin.memberId, 'VIEWER'), 'Member').role).toBe('VIEWER');
      expect(expectType(await remove(owner, admin.memberId), 'RemovedMember').removedId).toBe(admin.memberId);
      expect(await remove(owner, admin.memberId)).toMatchObject({ code: 'NOT_FOUND' });
      expect(expectType(await revoke(owner, adminInvitation.invitation.id), 'Invitation').status).toBe('REVOKED');

      expect(await rolesInDatabase(business.id)).toEqual({
        [userIdOf(owner)]: 'OWNER',
        [userIdOf(otherAdmin)]: 'VIEWER',
        [userIdOf(editor)]: 'ADMIN',
        [userIdOf(viewer)]: 'VIEWER',
      });
      const seen = (await readBusiness(editor, business.id))!;
      expect(seen.viewerRole).toBe('ADMIN');
      expect(seen.members.totalCount).toBe(4);
    });

    it('keeps exactly one owner: the owner cannot leave until ownership is transferred; the previous owner stays as ADMIN', async () => {
      const { owner, business, members } = await team('Crown', ['ADMIN', 'EDITOR']);
      const [admin, editor] = members as [Member, Member];
      const outsider = await team('Elsewhere', ['EDITOR']);

      expect(await leave(owner, business.id)).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(await transfer(admin, business.id, editor.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await transfer(owner, business.id, owner.memberId)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await transfer(owner, business.id, outsider.members[0]!.memberId)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'OWNER', [userIdOf(admin)]: 'ADMIN', [userIdOf(editor)]: 'EDITOR' });

      const handedOver = expectType(await transfer(owner, business.id, editor.memberId), 'Business');
      expect(handedOver).toMatchObject({ id: business.id, viewerRole: 'ADMIN', owner: { id: editor.id } });
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'ADMIN', [userIdOf(admin)]: 'ADMIN', [userIdOf(editor)]: 'OWNER' });
      for (const member of [owner, admin, editor]) expect((await readBusiness(member, business.id))!.owner.id).toBe(editor.id);
      expect((await readBusiness(editor, business.id))!.viewerRole).toBe('OWNER');

      // The settings and the next transfer are the new owner's.
      expect(await settings(owner, business.id, false)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await client().data(DeleteBusiness, { input: { id: business.id } }, as(owner))).deleteBusiness).toMatchObject({ code: 'FORBIDDEN' });
      expect(await transfer(owner, business.id, admin.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await leave(editor, business.id)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await remove(owner, editor.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(expectType(await settings(editor, business.id, false), 'Business').requireApproval).toBe(false);

      // The previous owner, now an admin, may leave; the business drops out of their list.
      expect(expectType(await leave(owner, business.id), 'LeftBusiness').businessId).toBe(business.id);
      expect(await readBusiness(owner, business.id)).toBeNull();
      expect((await client().data(TeamBusinesses, {}, as(owner))).businesses.totalCount).toBe(0);
      expect(await leave(owner, business.id)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(admin)]: 'ADMIN', [userIdOf(editor)]: 'OWNER' });

      // And once more: ownership goes round, never two owners, never none.
      expect(expectType(await transfer(editor, business.id, admin.memberId), 'Business').owner.id).toBe(admin.id);
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(admin)]: 'OWNER', [userIdOf(editor)]: 'ADMIN' });
      expect(await transfer(editor, business.id, admin.memberId)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(admin)]: 'OWNER', [userIdOf(editor)]: 'ADMIN' });
    });

    it('lets editors and viewers leave', async () => {
      const { owner, business, members } = await team('Exit', ['EDITOR', 'VIEWER']);
      for (const member of members) {
        expect(expectType(await leave(member, business.id), 'LeftBusiness').businessId).toBe(business.id);
        expect(await readBusiness(member, business.id)).toBeNull();
      }
      const seen = (await readBusiness(owner, business.id))!;
      expect(seen.members.totalCount).toBe(1);
      expect(seen.requireApproval).toBe(false);
      expect(await rolesInDatabase(business.id)).toEqual({ [userIdOf(owner)]: 'OWNER' });
    });
  });

  describe('removal', () => {
    it("ends a removed VIEWER's subscription with FORBIDDEN, and they read nothing and write nothing of the business afterwards", async () => {
      const { owner, business, campaign, members } = await team('Cutoff', ['VIEWER']);
      const viewer = members[0]!;
      const content = await createContent(client(), owner, campaign.id);
      const ownerSub = await subscribed(() => connect(owner).subscribe(OnContentStatus, { businessId: business.id }));
      const sub = await subscribed(() => connect(viewer).subscribe(OnContentStatus, { businessId: business.id }));

      await moved(owner, content.id, 'REVIEW');
      expect((await sub.next()).contentStatusChanged).toMatchObject({ previousStatus: 'DRAFT', status: 'REVIEW', actor: { id: owner.id }, content: { id: content.id } });
      expect((await ownerSub.next()).contentStatusChanged.status).toBe('REVIEW');
      // A viewer reads but does not write.
      expect(await edit(viewer, { id: content.id, caption: 'Mine now' })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await readContent(viewer, content.id)).toMatchObject({ id: content.id, status: 'REVIEW' });

      expectType(await remove(owner, viewer.memberId), 'RemovedMember');
      expect((await sub.errors)[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      await sub.completed;

      const reads = await client().data(TeamReads, { businessId: business.id, campaignId: campaign.id, contentId: content.id }, as(viewer));
      expect(reads).toEqual({ business: null, campaign: null, content: null, businesses: { totalCount: 0, edges: [] } });
      for (const id of [business.id, campaign.id, content.id, owner.memberId, owner.id]) expect(await nodeFor(viewer, id)).toBeNull();
      expect(await edit(viewer, { id: content.id, caption: 'Mine now' })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await move(viewer, content.id, 'DRAFT')).toMatchObject({ code: 'NOT_FOUND' });
      const created = await client().data(
        CreateContent,
        { input: { campaignId: campaign.id, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Sneaky' } },
        as(viewer),
      );
      expect(created.createContent).toMatchObject({ code: 'NOT_FOUND' });
      expect(await leave(viewer, business.id)).toMatchObject({ code: 'NOT_FOUND' });
      const again = connect(viewer).subscribe(OnContentStatus, { businessId: business.id });
      expect((await again.errors)[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });

      // The owner's subscription goes on.
      await moved(owner, content.id, 'APPROVED');
      expect((await ownerSub.next()).contentStatusChanged).toMatchObject({ previousStatus: 'REVIEW', status: 'APPROVED' });
      ownerSub.unsubscribe();
    });

    it('ends the subscriptions of a member who leaves', async () => {
      const { owner, business, campaign, members } = await team('Leaver', ['EDITOR']);
      const editor = members[0]!;
      const content = await createContent(client(), editor, campaign.id);
      const base = await settledSubscriptions();
      const sub = await subscribed(() => connect(editor).subscribe(OnContentStatus, { businessId: business.id }));
      await moved(editor, content.id, 'REVIEW');
      expect((await sub.next()).contentStatusChanged).toMatchObject({ status: 'REVIEW', actor: { id: editor.id } });

      expectType(await leave(editor, business.id), 'LeftBusiness');
      expect((await sub.errors)[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      await sub.completed;
      for (let i = 0; i < 100 && activeSubscriptions() > base; i++) await pause(10);
      expect(activeSubscriptions()).toBe(base);
      expect(await readContent(editor, content.id)).toBeNull();
      expect(await edit(editor, { id: content.id, caption: 'After leaving' })).toMatchObject({ code: 'NOT_FOUND' });
      expect((await readContent(owner, content.id))!.caption).not.toBe('After leaving');
    });
  });

  describe('approval', () => {
    it('is not required in a one-person business (the owner schedules as before), and is once there are two members', async () => {
      const owner = await signUpUser(client(), 'Solo');
      const business = await createBusiness(client(), owner, 'Solo Studio');
      const campaign = await createCampaign(client(), owner, business.id);
      await connectOfflineAccount(client(), owner, business.id);
      expect((await readBusiness(owner, business.id))!.requireApproval).toBe(false);

      const scheduled = await createContent(client(), owner, campaign.id, 1);
      await moved(owner, scheduled.id, 'REVIEW', 'APPROVED');
      const later = inSeconds(3600);
      expect(expectType(await move(owner, scheduled.id, 'SCHEDULED', later), 'Content')).toMatchObject({ status: 'SCHEDULED', scheduledAt: later, approvedBy: { id: owner.id } });

      // An edit clears the approval, but where none is required the content stays where it is.
      const approved = await createContent(client(), owner, campaign.id, 2);
      await moved(owner, approved.id, 'REVIEW', 'APPROVED');
      expect(expectType(await edit(owner, { id: approved.id, caption: 'Rewritten alone' }), 'Content')).toMatchObject({ status: 'APPROVED', approvedBy: null, approvedAt: null });

      const editor = await join(owner, business.id, 'EDITOR', 'Second');
      for (const member of [owner, editor]) expect((await readBusiness(member, business.id))!.requireApproval).toBe(true);
      // Approved content without an approval is not scheduled now; approving it first is.
      expect(await move(owner, approved.id, 'SCHEDULED', later)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'APPROVED', to: 'SCHEDULED' });
      await moved(owner, approved.id, 'REVIEW');
      expectType(await approve(owner, approved.id), 'Content');
      expect(expectType(await move(owner, approved.id, 'SCHEDULED', later), 'Content').status).toBe('SCHEDULED');

      // Back to one member: not required again, unless the owner says so.
      expectType(await remove(owner, editor.memberId), 'RemovedMember');
      expect((await readBusiness(owner, business.id))!.requireApproval).toBe(false);
      expect(expectType(await settings(owner, business.id, true), 'Business').requireApproval).toBe(true);
      expect(expectType(await settings(owner, business.id, null), 'Business').requireApproval).toBe(false);
    });

    it('records who approved, when and why; editors cannot approve; a move back to DRAFT clears the approval', async () => {
      const { owner, business, campaign, members } = await team('Approve', ['ADMIN', 'EDITOR']);
      const [admin, editor] = members as [Member, Member];
      expect((await readBusiness(editor, business.id))!.requireApproval).toBe(true);

      const content = await createContent(client(), editor, campaign.id);
      await moved(editor, content.id, 'REVIEW');
      expect(await approve(editor, content.id)).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(await move(editor, content.id, 'APPROVED')).toMatchObject({ code: 'FORBIDDEN' });
      expect((await readContent(editor, content.id))!).toMatchObject({ status: 'REVIEW', approvedBy: null });

      const before = Date.now();
      const approved = expectType(await approve(admin, content.id, 'Lovely, ship it'), 'Content');
      expect(approved).toMatchObject({ status: 'APPROVED', approvalComment: 'Lovely, ship it', approvedBy: { id: admin.id, email: admin.email, fullName: 'ApproveAdmin0' } });
      expect(new Date(approved.approvedAt!).getTime()).toBeGreaterThanOrEqual(before - 2_000);
      expect(new Date(approved.approvedAt!).getTime()).toBeLessThanOrEqual(Date.now() + 2_000);
      // The approver's name and email are shown to the other members.
      expect(await readContent(editor, content.id)).toMatchObject({ approvedBy: { id: admin.id, email: admin.email }, approvalComment: 'Lovely, ship it' });
      const row = await prisma.content.findUniqueOrThrow({ where: { id: localIdOf(content.id) } });
      expect(row).toMatchObject({ approvedById: userIdOf(admin), approvalComment: 'Lovely, ship it' });

      // Approval is for content in REVIEW; scheduling is an admin's.
      expect(await approve(admin, content.id)).toMatchObject({ __typename: 'InvalidTransitionError', from: 'APPROVED', to: 'APPROVED' });
      expect(await move(editor, content.id, 'SCHEDULED', inSeconds(3600))).toMatchObject({ code: 'FORBIDDEN' });
      // Nor does approving unschedule (SCHEDULED -> APPROVED is a move, not an approval).
      await connectOfflineAccount(client(), owner, business.id);
      expectType(await move(admin, content.id, 'SCHEDULED', inSeconds(3600)), 'Content');
      expect(await approve(admin, content.id, 'Again')).toMatchObject({ __typename: 'InvalidTransitionError', from: 'SCHEDULED', to: 'APPROVED' });
      expect(await readContent(owner, content.id)).toMatchObject({ status: 'SCHEDULED', approvalComment: 'Lovely, ship it' });
      expect(expectType(await move(admin, content.id, 'APPROVED'), 'Content')).toMatchObject({ status: 'APPROVED' });
      expect(expectType(await move(admin, content.id, 'DRAFT'), 'Content')).toMatchObject({ status: 'DRAFT', approvedAt: null, approvedBy: null });
      expect(await readContent(owner, content.id)).toMatchObject({ approvedAt: null, approvalComment: null, approvedBy: null });

      // The setting is the owner's: an admin may not change it.
      expect(await settings(admin, business.id, false)).toMatchObject({ code: 'FORBIDDEN' });
      expect(expectType(await settings(owner, business.id, false), 'Business').requireApproval).toBe(false);
      // An update that leaves the setting out leaves it as it is.
      const renamed = await client().data(UpdateSettings, { input: { id: business.id, name: 'Approve & Sons' } }, as(owner));
      expect(expectType(renamed.updateBusiness, 'Business').requireApproval).toBe(false);
      expect(expectType(await settings(owner, business.id, null), 'Business').requireApproval).toBe(true);
    });

    it('sends APPROVED content back to REVIEW when an edit changes its text, announcing it to approvers; an unchanged text keeps the approval', async () => {
      const { business, campaign, members } = await team('Rework', ['ADMIN', 'EDITOR']);
      const [admin, editor] = members as [Member, Member];
      const content = await createContent(client(), editor, campaign.id);
      await moved(editor, content.id, 'REVIEW');
      expectType(await approve(admin, content.id, 'ok'), 'Content');

      const socket = connect(admin);
      const statuses = await subscribed(() => socket.subscribe(OnContentStatus, { businessId: business.id }));
      const reviews = await subscribed(() => socket.subscribe(OnReviewRequested, { businessId: business.id }));

      // The same caption and hashtags again: nothing the approval saw changed.
      const same = expectType(await edit(editor, { id: content.id, caption: content.caption, hashtags: ['#bakery'] }), 'Content');
      expect(same).toMatchObject({ status: 'APPROVED', approvedBy: { id: admin.id }, approvalComment: 'ok' });
      expect(await statuses.expectSilence(300)).toBe(true);
      expect(await reviews.expectSilence(0)).toBe(true);

      const changed = expectType(await edit(editor, { id: content.id, caption: 'Now with more butter' }), 'Content');
      expect(changed).toMatchObject({ status: 'REVIEW', caption: 'Now with more butter', approvedBy: null, approvedAt: null, approvalComment: null });
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ previousStatus: 'APPROVED', status: 'REVIEW', actor: { id: editor.id }, content: { id: content.id, status: 'REVIEW' } });
      expect((await reviews.next()).reviewRequested).toMatchObject({ actor: { id: editor.id, email: editor.email }, content: { id: content.id, status: 'REVIEW', caption: 'Now with more butter' } });
      expect(await approve(editor, content.id)).toMatchObject({ code: 'FORBIDDEN' });
      expect(expectType(await approve(admin, content.id), 'Content')).toMatchObject({ status: 'APPROVED', approvedBy: { id: admin.id }, approvalComment: null });
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ previousStatus: 'REVIEW', status: 'APPROVED', actor: { id: admin.id } });

      // Regenerating the text is an edit of it too.
      const { regenerateContent } = await client().data(Regenerate, { input: { id: content.id, instructions: 'Shorter, please' } }, as(editor));
      expect(expectType(regenerateContent, 'Content')).toMatchObject({ status: 'REVIEW', revisionCount: 1, approvedAt: null, approvedBy: null });
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ previousStatus: 'APPROVED', status: 'REVIEW', actor: { id: editor.id } });
      expect((await reviews.next()).reviewRequested).toMatchObject({ actor: { id: editor.id }, content: { id: content.id, status: 'REVIEW' } });
      statuses.unsubscribe();
      reviews.unsubscribe();
    });

    it("cancels the publication of SCHEDULED content an editor rewrites; a new time alone keeps the approval", async () => {
      const { owner, business, campaign, members } = await team('Timely', ['ADMIN', 'EDITOR']);
      const [admin, editor] = members as [Member, Member];
      await connectOfflineAccount(client(), owner, business.id);
      const approvedContent = async (day: number) => {
        const content = await createContent(client(), editor, campaign.id, day);
        await moved(editor, content.id, 'REVIEW');
        expectType(await approve(admin, content.id), 'Content');
        return content;
      };
      const rewritten = await approvedContent(1);
      const control = await approvedContent(2);
      const retimed = await approvedContent(3);
      expect(await move(editor, rewritten.id, 'SCHEDULED', inSeconds(60))).toMatchObject({ code: 'FORBIDDEN' });

      // A later time only: still scheduled, still approved. Moving a publication is scheduling it: an ADMIN's, not an EDITOR's.
      expectType(await move(admin, retimed.id, 'SCHEDULED', inSeconds(3600)), 'Content');
      const laterStill = inSeconds(7200);
      expect(await edit(editor, { id: retimed.id, scheduledAt: laterStill })).toMatchObject({ code: 'FORBIDDEN' });
      expect(expectType(await edit(admin, { id: retimed.id, scheduledAt: laterStill }), 'Content')).toMatchObject({ status: 'SCHEDULED', scheduledAt: laterStill, approvedBy: { id: admin.id } });

      // Far enough ahead for the edit to land first on a busy machine.
      const publishAt = inSeconds(4);
      const statuses = await subscribed(() => connect(owner).subscribe(OnContentStatus, { businessId: business.id }));
      for (const content of [rewritten, control]) expectType(await move(admin, content.id, 'SCHEDULED', publishAt), 'Content');
      const publishQueue = async () => (await server.app.jobs.stats()).find((queue) => queue.queue === 'publish-content')!.counts;
      const cancelledBefore = (await publishQueue()).cancelled;

      const back = expectType(await edit(editor, { id: rewritten.id, caption: 'Last-minute rewrite' }), 'Content');
      expect(back).toMatchObject({ status: 'REVIEW', approvedBy: null, approvedAt: null });
      expect((await publishQueue()).cancelled).toBe(cancelledBefore + 1);

      // The untouched one is published at that time; the rewritten one is not.
      await expect.poll(async () => (await readContent(owner, control.id))!.status, { timeout: 20_000, interval: 100 }).toBe('PUBLISHED');
      expect(await jobsIdle(server.app.jobs)).toBe(true);
      expect(await readContent(owner, rewritten.id)).toMatchObject({ status: 'REVIEW', publishedAt: null, caption: 'Last-minute rewrite' });
      const seen: string[] = [];
      for (let event = await statuses.next(); ; event = await statuses.next()) {
        const { content, previousStatus, status } = event.contentStatusChanged;
        seen.push(`${content.id === rewritten.id ? 'rewritten' : 'control'}:${previousStatus}->${status}`);
        if (content.id === control.id && status === 'PUBLISHED') break;
      }
      expect(seen.filter((line) => line.startsWith('rewritten'))).toEqual(['rewritten:APPROVED->SCHEDULED', 'rewritten:SCHEDULED->REVIEW']);
      expect(seen.filter((line) => line.startsWith('control'))).toEqual(['control:APPROVED->SCHEDULED', 'control:SCHEDULED->PUBLISHING', 'control:PUBLISHING->PUBLISHED']);
      expect(await statuses.expectSilence(500)).toBe(true);
      expect(await readContent(owner, retimed.id)).toMatchObject({ status: 'SCHEDULED', approvedBy: { id: admin.id } });
      statuses.unsubscribe();
    });

    it('sends rewritten SCHEDULED content back to REVIEW once approval is required, even when it was scheduled without one', async () => {
      const { owner, business, campaign, members } = await team('Switch', ['EDITOR']);
      const editor = members[0]!;
      await connectOfflineAccount(client(), owner, business.id);
      expect(expectType(await settings(owner, business.id, false), 'Business').requireApproval).toBe(false);
      const content = await createContent(client(), editor, campaign.id);
      await moved(editor, content.id, 'REVIEW');
      await moved(owner, content.id, 'APPROVED');
      expectType(await move(owner, content.id, 'SCHEDULED', inSeconds(3600)), 'Content');
      // Approval not required: an edit clears the approval and the content stays scheduled.
      expect(expectType(await edit(editor, { id: content.id, caption: 'Edited while trusted' }), 'Content')).toMatchObject({ status: 'SCHEDULED', approvedAt: null });

      // The owner asks for approval from now on: text no approver has seen is not published.
      expect(expectType(await settings(owner, business.id, true), 'Business').requireApproval).toBe(true);
      const rewritten = expectType(await edit(editor, { id: content.id, caption: 'Slipped in after approval was switched on' }), 'Content');
      expect(rewritten).toMatchObject({ status: 'REVIEW', approvedAt: null });
      expect(await move(owner, content.id, 'SCHEDULED', inSeconds(3600))).toMatchObject({ __typename: 'InvalidTransitionError' });
    });

    it('lets an APPROVAL rule approve content only where the business does not require approval', async () => {
      const { owner, business, campaign, members } = await team('Robot', ['EDITOR']);
      const editor = members[0]!;
      expect(
        (await client().data(
          CreateRule,
          { input: { businessId: business.id, name: 'Approve Instagram', ruleType: 'APPROVAL', conditions: { platforms: ['INSTAGRAM'] }, actions: { setStatus: 'APPROVED' } } },
          as(editor),
        )).createAutomationRule,
      ).toMatchObject({ code: 'FORBIDDEN' });
      const rule = expectType(
        (await client().data(
          CreateRule,
          { input: { businessId: business.id, name: 'Approve Instagram', ruleType: 'APPROVAL', conditions: { platforms: ['INSTAGRAM'] }, actions: { setStatus: 'APPROVED' } } },
          as(owner),
        )).createAutomationRule,
        'AutomationRule',
      );
      const categorize = async (id: string) => expectType((await client().data(Categorize, { id }, as(editor))).categorizeContent, 'Content');

      const first = await createContent(client(), editor, campaign.id, 1);
      await moved(editor, first.id, 'REVIEW');
      expect(await categorize(first.id)).toMatchObject({ status: 'REVIEW', approvedAt: null });
      const counts = async () => (await client().data(RuleCounts, { id: business.id }, as(owner))).business!.automationRules.find((r) => r.id === rule.id)!;
      expect(await counts()).toMatchObject({ executionCount: 1, successCount: 0 });

      expect(expectType(await settings(owner, business.id, false), 'Business').requireApproval).toBe(false);
      const second = await createContent(client(), editor, campaign.id, 2);
      await moved(editor, second.id, 'REVIEW');
      expect(await categorize(second.id)).toMatchObject({ status: 'APPROVED', approvedBy: null });
      expect(await counts()).toMatchObject({ executionCount: 2, successCount: 1 });
      // The first, once its text changes, is run again and approved too.
      expectType(await edit(editor, { id: first.id, caption: 'Day 1: fresh croissants, warm' }), 'Content');
      expect(await categorize(first.id)).toMatchObject({ status: 'APPROVED' });
    });

    it('tells ADMINs (not editors) that content waits for review, and ends the subscription of an admin demoted to EDITOR', async () => {
      const { owner, business, campaign, members } = await team('Reviews', ['ADMIN', 'EDITOR', 'VIEWER']);
      const [admin, editor, viewer] = members as [Member, Member, Member];

      for (const [member, variables] of [
        [editor, { businessId: business.id }],
        [viewer, { campaignId: campaign.id }],
      ] as const) {
        const refused = connect(member).subscribe(OnReviewRequested, variables);
        expect((await refused.errors)[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      }

      const socket = connect(admin);
      const reviews = await subscribed(() => socket.subscribe(OnReviewRequested, { businessId: business.id }));
      const statuses = await subscribed(() => socket.subscribe(OnContentStatus, { businessId: business.id }));
      const ownerReviews = await subscribed(() => connect(owner).subscribe(OnReviewRequested, { campaignId: campaign.id }));

      const content = await createContent(client(), editor, campaign.id);
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ previousStatus: null, status: 'DRAFT' });
      expect(await reviews.expectSilence(200)).toBe(true);
      await moved(editor, content.id, 'REVIEW');
      const request = (await reviews.next()).reviewRequested;
      expect(request).toMatchObject({ actor: { id: editor.id, email: editor.email }, content: { id: content.id, status: 'REVIEW' } });
      expect((await ownerReviews.next()).reviewRequested.eventId).toBe(request.eventId);
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ status: 'REVIEW' });

      expect(expectType(await setRole(owner, admin.memberId, 'EDITOR'), 'Member').role).toBe('EDITOR');
      expect((await reviews.errors)[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      await reviews.completed;
      // Reading is still theirs: the other subscription goes on.
      await moved(editor, content.id, 'DRAFT');
      expect((await statuses.next()).contentStatusChanged).toMatchObject({ previousStatus: 'REVIEW', status: 'DRAFT', actor: { id: editor.id } });
      const again = socket.subscribe(OnReviewRequested, { businessId: business.id });
      expect((await again.errors)[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      await moved(editor, content.id, 'REVIEW');
      expect((await ownerReviews.next()).reviewRequested.content.id).toBe(content.id);
      statuses.unsubscribe();
      ownerReviews.unsubscribe();
    });
  });

  describe('tenancy', () => {
    it('shows a member of one business nothing of another, and lets them change nothing there', async () => {
      const alpha = await team('Alpha', ['EDITOR']);
      const beta = await team('Beta', ['VIEWER']);
      const member = alpha.members[0]!;
      const betaContent = await createContent(client(), beta.owner, beta.campaign.id);
      const betaInvitation = await invited(beta.owner, beta.business.id, freshEmail('beta'), 'VIEWER');

      const reads = await client().data(TeamReads, { businessId: beta.business.id, campaignId: beta.campaign.id, contentId: betaContent.id }, as(member));
      expect(reads).toEqual({ business: null, campaign: null, content: null, businesses: { totalCount: 1, edges: [{ node: { id: alpha.business.id } }] } });
      for (const id of [beta.business.id, beta.campaign.id, betaContent.id, beta.owner.memberId, beta.members[0]!.memberId, betaInvitation.invitation.id, beta.owner.id, beta.members[0]!.id]) {
        expect(await nodeFor(member, id)).toBeNull();
      }
      expect(await invite(member, beta.business.id, freshEmail('x'), 'VIEWER')).toMatchObject({ code: 'NOT_FOUND' });
      expect(await revoke(member, betaInvitation.invitation.id)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await setRole(member, beta.members[0]!.memberId, 'EDITOR')).toMatchObject({ code: 'NOT_FOUND' });
      expect(await remove(member, beta.members[0]!.memberId)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await leave(member, beta.business.id)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await transfer(member, beta.business.id, beta.members[0]!.memberId)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await transfer(alpha.owner, alpha.business.id, beta.members[0]!.memberId)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await approve(alpha.owner, betaContent.id)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await edit(member, { id: betaContent.id, caption: 'Hijacked' })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await settings(alpha.owner, beta.business.id, false)).toMatchObject({ code: 'NOT_FOUND' });
      const sub = connect(member).subscribe(OnContentStatus, { businessId: beta.business.id });
      expect((await sub.errors)[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      const review = connect(alpha.owner).subscribe(OnReviewRequested, { campaignId: beta.campaign.id });
      expect((await review.errors)[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      // An invitation to one business is no key to another's data, and Beta is untouched.
      expect((await readContent(beta.owner, betaContent.id))!.caption).toBe(betaContent.caption);
      expect(await rolesInDatabase(beta.business.id)).toEqual({ [userIdOf(beta.owner)]: 'OWNER', [userIdOf(beta.members[0]!)]: 'VIEWER' });
    });

    it("shows co-members' names and emails to members, and no user outside the viewer's businesses", async () => {
      const { owner, business, campaign, members } = await team('Circle', ['ADMIN', 'VIEWER']);
      const [admin, viewer] = members as [Member, Member];
      const outsider = await signUpUser(client(), 'Outsider');
      const content = await createContent(client(), owner, campaign.id);
      await moved(owner, content.id, 'REVIEW');
      expectType(await approve(admin, content.id, 'Fine'), 'Content');

      const seen = (await readBusiness(viewer, business.id))!;
      expect(seen.members.edges.map(({ node }) => node.user).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [owner, admin, viewer].map((user) => ({ id: user.id, email: user.email, fullName: expect.any(String) })).sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect(await readContent(viewer, content.id)).toMatchObject({ approvedBy: { id: admin.id, email: admin.email, fullName: expect.stringMatching(/^Circle/) } });
      for (const user of [owner, admin]) {
        expect(await nodeFor(viewer, user.id)).toMatchObject({ __typename: 'User', id: user.id, email: user.email });
      }
      expect(await nodeFor(viewer, admin.memberId)).toMatchObject({ __typename: 'Member', role: 'ADMIN' });
      expect(await nodeFor(viewer, outsider.id)).toBeNull();
      expect(await nodeFor(outsider, viewer.id)).toBeNull();
      expect(await nodeFor(outsider, admin.memberId)).toBeNull();
      expect(await nodeFor(outsider, outsider.id)).toMatchObject({ __typename: 'User', email: outsider.email });

      // Once the admin is removed, they are no longer a co-member to look up.
      expectType(await remove(owner, admin.memberId), 'RemovedMember');
      expect(await nodeFor(viewer, admin.id)).toBeNull();
      expect(await nodeFor(admin, viewer.id)).toBeNull();
    });
  });
});
