import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentStatus } from '../src/domain/enums.ts';
import { contentTransitions } from '../src/domain/lifecycles.ts';
import { prisma } from '../src/db/client.ts';
import { roleOrder } from '../src/domain/roles.ts';
import { schema } from '../src/graphql/schema.ts';
import type { GraphQLResponse } from './support/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type WsClient } from './support/subscriptions.ts';

// Every root field of the API against every role of a business, generated from the running
// schema: a field without a rule here fails the suite. Each rule names the least role that may
// use the field (VIEWER, EDITOR, ADMIN, OWNER) or, for a field that belongs to no business, a
// category (PUBLIC, SIGNED_IN, PLATFORM_ADMIN, INVITEE), and builds, as the owner, what one call
// needs. Then every role below the least is refused with FORBIDDEN, every role at or above gets
// through, and a signed-in user of another business gets what a stranger always got: NOT_FOUND
// on writes and subscriptions, nothing (null or an empty list) on reads.
//
// The members (owner, admin, editor, viewer) are shared by every rule; a rule that changes the
// team itself (leaving, deleting, transferring) runs on a business of its own per caller, and a
// destructive one gets fresh objects per caller.

type Role = 'OWNER' | 'ADMIN' | 'EDITOR' | 'VIEWER';
type Category = 'PUBLIC' | 'SIGNED_IN' | 'PLATFORM_ADMIN' | 'INVITEE';
/** Who makes a call: a member in a role, a member of another business, or a caller of a global field. */
type Actor = Role | 'OUTSIDER' | 'ANONYMOUS' | 'USER' | 'PLATFORM_ADMIN' | 'INVITEE';
/** What a call got: 'ok', an error code (typed or GraphQL), or for reads 'null' / 'empty'. */
type Outcome = string;
type RootType = 'Query' | 'Mutation' | 'Subscription';
type Args = Record<string, unknown>;

interface Rule {
  /** Shown after the field's name: the move, the target's role, the nested field. */
  label?: string;
  /** The least member role that may use the field, or the field's global category. */
  least: Role | Category;
  /** Builds (as the owner) what one call needs and returns the field's arguments. */
  args: (team: Team, actor: Actor) => Args | Promise<Args>;
  /** The selection on the field; mutations default to `__typename ... on Error { code }`. */
  select?: string;
  /** Reads: the outcome from the field's value, when null/empty/ok is not the point. */
  read?: (value: unknown, team: Team) => Outcome;
  /** Reads: what a non-member gets (default null). */
  outsider?: Outcome;
  /** Reads: what roles below the least get (default FORBIDDEN). */
  denied?: Outcome;
  /** Outcomes that differ from what `least` implies. */
  expect?: Partial<Record<Actor, Outcome>>;
  /** Further checks on a call that got through. */
  then?: (value: any, actor: Actor, team: Team) => void | Promise<void>;
  /** Runs each call on a new business with the same members (for changes to the team itself). */
  freshTeam?: boolean;
  /** One caller at a time: the calls share an object (the target member, an account). */
  serial?: boolean;
  /** Subscriptions: what the owner does, once subscribed, to make an event. */
  trigger?: (team: Team, args: Args) => Promise<unknown>;
  /** Mutations: why a call that got through may change nothing (and so append no audit event). */
  changesNothing?: string;
}

const rank = (role: Role) => roleOrder.indexOf(role);
/** The callers of each global category and what each gets. */
const categoryOutcomes: Record<Category, Partial<Record<Actor, Outcome>>> = {
  PUBLIC: { ANONYMOUS: 'ok', USER: 'ok' },
  SIGNED_IN: { ANONYMOUS: 'UNAUTHENTICATED', USER: 'ok' },
  // USER is the owner of a business: owning one gives no say over the shared taxonomy.
  PLATFORM_ADMIN: { ANONYMOUS: 'UNAUTHENTICATED', USER: 'FORBIDDEN', PLATFORM_ADMIN: 'ok' },
  // The invitee is the user signed in with the invited email; anyone else is refused.
  INVITEE: { ANONYMOUS: 'UNAUTHENTICATED', OUTSIDER: 'FORBIDDEN', VIEWER: 'FORBIDDEN', INVITEE: 'ok' },
};

const PLATFORM_ADMIN_EMAIL = 'platform-admin@herald.test';
const PASSWORD = 'correct horse battery';
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
let sequence = 0;
const unique = (prefix: string) => `${prefix} ${++sequence} ${randomUUID().slice(0, 8)}`;
const uniqueEmail = (prefix: string) => `${prefix}-${++sequence}-${randomUUID().slice(0, 8)}@example.com`;

// ---------------------------------------------------------------------------------------------
// The table: one entry per root field (several rules where the role needed depends on the call).

/** The moves an editor may make: within the editorial steps, out of them to ARCHIVED, and back. */
const editorialMoves: readonly (readonly [ContentStatus, ContentStatus])[] = [
  ['DRAFT', 'REVIEW'],
  ['REVIEW', 'DRAFT'],
  ['DRAFT', 'ARCHIVED'],
  ['REVIEW', 'ARCHIVED'],
  ['ARCHIVED', 'DRAFT'],
];
/** Every move the pipeline allows, so a new one is covered (as an admin's) without being listed. */
const pipelineMoves = () =>
  (Object.entries(contentTransitions) as [ContentStatus, readonly ContentStatus[]][]).flatMap(([from, targets]) => targets.map((to) => [from, to] as const));

const edgesOf = (value: unknown) => (value as { edges: { node: any }[] }).edges.map((edge) => edge.node);
const mutationResult = (extra = '') => `{ __typename ... on Error { code message } ${extra} }`;

const matrix: Record<RootType, Record<string, Rule | Rule[]>> = {
  Query: {
    aiLogs: [
      { label: 'of one business', least: 'VIEWER', outsider: 'NOT_FOUND', args: (t) => ({ businessId: t.businessId }), select: '{ edges { node { id } } }' },
      {
        label: 'of all your businesses',
        least: 'VIEWER',
        outsider: 'empty',
        args: () => ({}),
        select: '{ edges { node { id business { id } } } }',
        read: (value, t) => (edgesOf(value).some((log) => log.business?.id === t.businessId) ? 'ok' : 'empty'),
      },
    ],
    aiUsage: { least: 'VIEWER', outsider: 'NOT_FOUND', args: (t) => ({ businessId: t.businessId }), select: '{ feature calls }' },
    auditLog: {
      least: 'OWNER',
      outsider: 'NOT_FOUND',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ edges { node { id action entityType actorKind } } }',
      then: (log) => expect(edgesOf(log).length).toBeGreaterThan(0),
    },
    apiKeys: {
      least: 'ADMIN',
      outsider: 'NOT_FOUND',
      args: async (t) => {
        await owner(documentFor('Mutation', 'createApiKey', { input: {} }, mutationResult('... on CreateApiKeyPayload { key }')), {
          input: { businessId: t.businessId, name: unique('Agent'), scopes: ['READ'] },
        });
        return { businessId: t.businessId };
      },
      select: '{ totalCount edges { node { id prefix } } }',
    },
    business: [
      {
        least: 'VIEWER',
        args: (t) => ({ id: t.businessId }),
        select: '{ id name viewerRole requireApproval owner { id } campaigns(first: 5) { totalCount } messages(first: 5) { totalCount } }',
        then: (business, actor) => {
          expect(business.viewerRole).toBe(actor);
          expect(business.requireApproval).toBe(true);
        },
      },
      {
        label: 'members',
        least: 'VIEWER',
        args: (t) => ({ id: t.businessId }),
        select: '{ members(first: 20) { totalCount edges { node { id role user { id } } } } }',
        then: (business) => expect(business.members.totalCount).toBeGreaterThanOrEqual(4),
      },
      {
        label: 'insights',
        least: 'VIEWER',
        args: (t) => ({ id: t.businessId }),
        select: '{ insights(period: WEEK, from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { buckets { start metrics { likes } } anomalies { kind } } }',
      },
      { label: 'socialAccounts and automationRules', least: 'VIEWER', args: (t) => ({ id: t.businessId }), select: '{ socialAccounts { id handle } automationRules { id name } }' },
      { label: 'invitations', least: 'ADMIN', args: (t) => ({ id: t.businessId }), select: '{ invitations(first: 5) { edges { node { id email role status } } } }' },
      { label: 'webhookEndpoints', least: 'ADMIN', args: (t) => ({ id: t.businessId }), select: '{ webhookEndpoints { id url events } }' },
    ],
    businesses: {
      least: 'VIEWER',
      outsider: 'empty',
      args: () => ({}),
      select: '{ totalCount edges { node { id viewerRole } } }',
      read: (value, t) => (edgesOf(value).some((business) => business.id === t.businessId) ? 'ok' : 'empty'),
    },
    calendar: {
      least: 'VIEWER',
      outsider: 'NOT_FOUND',
      args: (t) => ({ businessId: t.businessId, from: new Date().toISOString(), to: new Date(Date.now() + 60 * 86_400_000).toISOString() }),
      select: '{ totalCount edges { node { id status } } }',
    },
    campaign: [
      { least: 'VIEWER', args: (t) => ({ id: t.campaignId }), select: '{ id allowedTransitions contents(first: 5) { totalCount } }' },
      { label: 'performance', least: 'VIEWER', args: (t) => ({ id: t.campaignId }), select: '{ performance { totals { likes } topContents { totalCount } } }' },
    ],
    cacheStats: { least: 'ADMIN', outsider: 'NOT_FOUND', args: (t) => ({ businessId: t.businessId }), select: '{ layers { layer hits misses } storedEntries }' },
    compareCampaigns: { least: 'VIEWER', outsider: 'NOT_FOUND', args: (t) => ({ ids: [t.campaignId] }), select: '{ totals { likes } }' },
    categories: { least: 'PUBLIC', args: () => ({}), select: '{ id name }', read: (value) => (Array.isArray(value) ? 'ok' : 'null') },
    content: {
      least: 'VIEWER',
      args: (t) => ({ id: t.contentId }),
      select: '{ id status allowedTransitions approvedBy { id } analytics(first: 5) { totalCount } tags { id } }',
    },
    me: { least: 'PUBLIC', expect: { ANONYMOUS: 'null' }, args: () => ({}), select: '{ id email }' },
    node: [
      ...(['Business', 'Campaign', 'Content', 'AnalyticsSnapshot', 'Message', 'Tag', 'AutomationRule', 'SocialAccount', 'Member', 'AiLog', 'User'] as const).map(
        (type): Rule => ({ label: type, least: 'VIEWER', args: (t) => ({ id: t.nodeIds[type] }), select: '{ __typename id }' }),
      ),
      // An invitation is seen by those who may manage members; to anyone else it does not exist.
      { label: 'Invitation', least: 'ADMIN', denied: 'null', args: (t) => ({ id: t.nodeIds.Invitation }), select: '{ __typename id }' },
      // So are webhook endpoints and their deliveries (their URLs often hold the receiver's secret).
      ...(['WebhookEndpoint', 'WebhookDelivery'] as const).map(
        (type): Rule => ({ label: type, least: 'ADMIN', denied: 'null', args: (t) => ({ id: t.nodeIds[type] }), select: '{ __typename id }' }),
      ),
    ],
    nodes: { least: 'VIEWER', args: (t) => ({ ids: [t.campaignId, t.contentId] }), select: '{ __typename id }' },
    search: {
      least: 'VIEWER',
      outsider: 'NOT_FOUND',
      args: (t) => ({ businessId: t.businessId, query: 'croissants', mode: 'HYBRID', first: 5 }),
      select: '{ edges { cursor node { __typename kind score snippet ... on ContentHit { content { id } } } } pageInfo { hasNextPage } }',
    },
    similarContents: { least: 'VIEWER', args: (t) => ({ id: t.contentId, first: 5 }), select: '{ score content { id } }' },
    tagSuggestions: { least: 'VIEWER', outsider: 'empty', args: (t) => ({ businessId: t.businessId, prefix: 'sour' }), select: '{ id name }' },
    tags: { least: 'VIEWER', outsider: 'empty', args: (t) => ({ businessId: t.businessId, first: 10 }), select: '{ totalCount edges { node { id name } } }' },
    trash: {
      least: 'VIEWER',
      outsider: 'NOT_FOUND',
      args: async (t) => {
        await t.trashed('DRAFT');
        return { businessId: t.businessId };
      },
      select: '{ totalCount edges { node { id kind } } }',
    },
    // Your own deleted businesses: nobody else's can be asked for.
    trashedBusinesses: { least: 'SIGNED_IN', args: () => ({}), select: '{ totalCount }', read: () => 'ok' },
  },

  Mutation: {
    acceptInvitation: {
      least: 'INVITEE',
      serial: true,
      args: async (t) => {
        await t.removeTarget();
        return { input: { token: (await t.invite(users.TARGET.email, 'VIEWER')).token } };
      },
      select: mutationResult('... on Member { role user { id } }'),
      then: (member) => expect(member).toMatchObject({ role: 'VIEWER', user: { id: users.TARGET.id } }),
    },
    approveContent: {
      least: 'ADMIN',
      args: async (t) => ({ input: { id: await t.content('REVIEW'), comment: 'Lovely' } }),
      select: mutationResult('... on Content { status approvedBy { id } approvalComment }'),
      then: (content, actor) => expect(content).toMatchObject({ status: 'APPROVED', approvedBy: { id: users[actor as Role].id }, approvalComment: 'Lovely' }),
    },
    // Each caller on content of its own: categorising the same text again would change nothing.
    categorizeContent: { least: 'EDITOR', args: async (t) => ({ id: await t.content() }) },
    connectSocialAccount: {
      least: 'ADMIN',
      // One account per platform and business: each caller connects its own platform.
      args: (t, actor) => ({ input: { businessId: t.businessId, platform: platformFor[actor], provider: 'OFFLINE', handle: '@matrix' } }),
    },
    createApiKey: {
      least: 'ADMIN',
      args: (t) => ({ input: { businessId: t.businessId, name: unique('Agent'), scopes: ['READ'] } }),
      select: mutationResult('... on CreateApiKeyPayload { key }'),
      then: (payload) => expect(payload.key).toMatch(/^hk_/),
    },
    revokeApiKey: {
      least: 'ADMIN',
      args: async (t) => {
        const created = await owner(documentFor('Mutation', 'createApiKey', { input: {} }, mutationResult('... on CreateApiKeyPayload { apiKey { id } }')), {
          input: { businessId: t.businessId, name: unique('Agent'), scopes: ['READ'] },
        });
        return { input: { id: created.apiKey.id } };
      },
    },
    createWebhookEndpoint: {
      least: 'ADMIN',
      args: (t) => ({ input: { businessId: t.businessId, url: 'https://hooks.example.com/matrix', events: ['CAMPAIGN_GENERATED'] } }),
      select: mutationResult('... on WebhookEndpointWithSecret { secret }'),
      then: (payload) => expect(payload.secret).toMatch(/^whsec_/),
    },
    updateWebhookEndpoint: { least: 'ADMIN', args: (t) => ({ input: { id: t.nodeIds.WebhookEndpoint, description: unique('CRM') } }) },
    rotateWebhookSecret: { least: 'ADMIN', args: (t) => ({ input: { id: t.nodeIds.WebhookEndpoint } }) },
    deleteWebhookEndpoint: { least: 'ADMIN', args: async (t) => ({ input: { id: await t.webhookEndpoint() } }) },
    redeliverWebhook: { least: 'ADMIN', args: (t) => ({ input: { deliveryId: t.nodeIds.WebhookDelivery } }) },
    createAutomationRule: { least: 'ADMIN', args: (t) => ({ input: { businessId: t.businessId, ...ruleInput() } }) },
    createBusiness: { least: 'SIGNED_IN', args: () => ({ input: { name: unique('Corner shop'), industry: 'RETAIL' } }) },
    createCampaign: { least: 'EDITOR', args: (t) => ({ input: { businessId: t.businessId, ...campaignInput() } }) },
    createCategory: { least: 'PLATFORM_ADMIN', args: () => ({ input: { name: unique('Category'), keywords: ['matrix'] } }) },
    addCampaignCost: { least: 'ADMIN', args: (t) => ({ input: { campaignId: t.campaignId, kind: 'POSTING', amountUsd: 1 } }) },
    createContent: { least: 'EDITOR', args: (t) => ({ input: { campaignId: t.campaignId, ...contentInput() } }) },
    createTag: { least: 'EDITOR', args: (t) => ({ input: { businessId: t.businessId, name: unique('tag') } }) },
    deleteAutomationRule: { least: 'ADMIN', args: async (t) => ({ input: { id: await t.rule() } }) },
    deleteCampaign: [
      { label: 'of drafts', least: 'EDITOR', args: async (t) => ({ input: { id: await t.campaign() } }) },
      { label: 'with approved content', least: 'ADMIN', args: async (t) => ({ input: { id: await t.campaign('APPROVED') } }) },
    ],
    deleteContent: [
      { label: 'a draft', least: 'EDITOR', args: async (t) => ({ input: { id: await t.content('DRAFT') } }) },
      { label: 'approved', least: 'ADMIN', args: async (t) => ({ input: { id: await t.content('APPROVED') } }) },
    ],
    deleteMessage: { least: 'EDITOR', args: async (t) => ({ input: { id: await t.message() } }) },
    purgeFromTrash: { least: 'ADMIN', args: async (t) => ({ input: { id: await t.trashed('DRAFT') } }) },
    restoreVersion: { least: 'EDITOR', args: async (t) => ({ input: { id: await t.version() } }) },
    restoreFromTrash: [
      { label: 'a draft', least: 'EDITOR', args: async (t) => ({ input: { id: await t.trashed('DRAFT') } }) },
      { label: 'approved content', least: 'ADMIN', args: async (t) => ({ input: { id: await t.trashed('APPROVED') } }) },
    ],
    deleteBusiness: { least: 'OWNER', freshTeam: true, args: (t) => ({ input: { id: t.businessId } }) },
    deleteCategory: { least: 'PLATFORM_ADMIN', args: async () => ({ input: { id: await newCategory() } }) },
    deleteTag: { least: 'EDITOR', args: async (t) => ({ input: { id: await t.tag() } }) },
    disconnectSocialAccount: {
      least: 'ADMIN',
      serial: true,
      args: async (t) => ({ input: { id: await t.connectedFacebook() } }),
      select: mutationResult('... on SocialAccount { status }'),
      then: (account) => expect(account.status).toBe('DISCONNECTED'),
    },
    generateCampaign: {
      least: 'EDITOR',
      args: (t) => ({ input: { businessId: t.businessId, campaignType: 'PRODUCT_LAUNCH', durationDays: 2, goal: 'Sell more bread', platforms: ['INSTAGRAM'] } }),
    },
    generateContent: {
      least: 'EDITOR',
      args: (t) => ({ input: { campaignId: t.campaignId, contentType: 'POST', day: 2, platform: 'INSTAGRAM', theme: 'Fresh croissants' } }),
    },
    inviteMember: [
      { label: 'an editor', least: 'ADMIN', args: (t) => ({ input: { businessId: t.businessId, email: uniqueEmail('editor'), role: 'EDITOR' } }) },
      { label: 'a viewer', least: 'ADMIN', args: (t) => ({ input: { businessId: t.businessId, email: uniqueEmail('viewer'), role: 'VIEWER' } }) },
      { label: 'an admin', least: 'OWNER', args: (t) => ({ input: { businessId: t.businessId, email: uniqueEmail('admin'), role: 'ADMIN' } }) },
      // Inviting again replaces a pending invitation: one to ADMIN is the owner's to replace.
      {
        label: 'over a pending admin invitation',
        least: 'OWNER',
        args: async (t) => {
          const email = uniqueEmail('admin');
          await t.invite(email, 'ADMIN');
          return { input: { businessId: t.businessId, email, role: 'VIEWER' } };
        },
      },
    ],
    leaveBusiness: {
      // Every member may leave, except the owner (who must transfer ownership first).
      least: 'VIEWER',
      expect: { OWNER: 'FORBIDDEN' },
      freshTeam: true,
      args: (t) => ({ input: { businessId: t.businessId } }),
    },
    logIn: { least: 'PUBLIC', changesNothing: 'signing in reads the account', args: () => ({ input: { email: users.TARGET.email, password: PASSWORD } }) },
    // Serial: two callers predicting the same content in the same millisecond write identical
    // values, and a write that changes nothing appends no audit event.
    predictPerformance: { least: 'EDITOR', serial: true, args: (t) => ({ contentId: t.contentId }) },
    recategorizeCampaign: { least: 'EDITOR', args: async (t) => ({ id: await t.campaign('DRAFT') }) },
    receiveMessage: { least: 'EDITOR', args: (t) => ({ input: { businessId: t.businessId, platform: 'INSTAGRAM', incomingMessage: 'Do you deliver on Sundays?' } }) },
    recordEngagement: {
      least: 'EDITOR',
      args: (t) => ({ input: { contentId: t.contentId, collectedAt: new Date().toISOString(), metrics: { impressions: 100, reach: 80, likes: 5 } } }),
    },
    regenerateContent: [
      { least: 'EDITOR', args: async (t) => ({ input: { id: await t.content('DRAFT'), instructions: 'Shorter' } }) },
      // Rewriting approved text withdraws the approval, as an edit does.
      {
        label: 'approved text',
        least: 'EDITOR',
        args: async (t) => ({ input: { id: await t.content('APPROVED') } }),
        select: mutationResult('... on Content { status approvedBy { id } }'),
        then: (content) => expect(content).toMatchObject({ status: 'REVIEW', approvedBy: null }),
      },
    ],
    removeMember: [
      { label: 'an editor', serial: true, least: 'ADMIN', args: async (t) => ({ input: { id: await t.targetMember('EDITOR') } }) },
      { label: 'a viewer', serial: true, least: 'ADMIN', args: async (t) => ({ input: { id: await t.targetMember('VIEWER') } }) },
      { label: 'an admin', serial: true, least: 'OWNER', args: async (t) => ({ input: { id: await t.targetMember('ADMIN') } }) },
      // The owner stays the owner until they hand the business over.
      {
        label: 'the owner',
        least: 'OWNER',
        expect: { OWNER: 'FORBIDDEN' },
        args: (t) => ({ input: { id: t.memberIds.OWNER } }),
      },
    ],
    revokeInvitation: [
      { label: 'of an editor', least: 'ADMIN', args: async (t) => ({ input: { id: (await t.invite(uniqueEmail('revoked'), 'EDITOR')).id } }) },
      { label: 'of an admin', least: 'OWNER', args: async (t) => ({ input: { id: (await t.invite(uniqueEmail('revoked'), 'ADMIN')).id } }) },
    ],
    sendReply: { least: 'EDITOR', args: async (t) => ({ input: { id: await t.message(), text: 'Yes, every Sunday morning.' } }) },
    signUp: { least: 'PUBLIC', args: () => ({ input: { email: uniqueEmail('new'), password: PASSWORD, fullName: 'New Person' } }) },
    tagContent: { least: 'EDITOR', args: async (t) => ({ id: await t.content() }) },
    transferOwnership: {
      least: 'OWNER',
      freshTeam: true,
      args: (t) => ({ input: { businessId: t.businessId, memberId: t.memberIds.ADMIN } }),
      select: mutationResult('... on Business { owner { id } viewerRole }'),
      then: (business) => expect(business).toMatchObject({ owner: { id: users.ADMIN.id }, viewerRole: 'ADMIN' }),
    },
    transitionCampaign: { least: 'EDITOR', args: async (t) => ({ id: await t.campaign(), to: 'ACTIVE' }) },
    // Every move of the publishing pipeline: the editorial ones are an editor's, every other one
    // (approving, scheduling, publishing by hand, taking content out of the pipeline) an admin's.
    transitionContent: pipelineMoves().map(
      ([from, to]): Rule => ({
        label: `${from} -> ${to}`,
        least: editorialMoves.some(([f, t]) => f === from && t === to) ? 'EDITOR' : 'ADMIN',
        args: async (t) => ({
          id: await t.content(from),
          to,
          ...(to === 'SCHEDULED' ? { scheduledAt: inAMonth() } : {}),
          ...(to === 'PUBLISHED' ? { postUrl: 'https://instagram.example.com/p/1' } : {}),
        }),
        select: mutationResult('... on Content { status approvedBy { id } }'),
        then: (content, actor) => {
          expect(content.status).toBe(to);
          if (from === 'REVIEW' && to === 'APPROVED') expect(content.approvedBy?.id).toBe(users[actor as Role].id);
        },
      }),
    ),
    updateAutomationRule: { least: 'ADMIN', args: (t) => ({ input: { id: t.ruleId, name: unique('Rule') } }) },
    updateBusiness: { least: 'OWNER', args: (t) => ({ input: { id: t.businessId, description: unique('Sourdough') } }) },
    updateCampaign: { least: 'EDITOR', args: (t) => ({ input: { id: t.campaignId, name: unique('Spring') } }) },
    updateCategory: { least: 'PLATFORM_ADMIN', args: () => ({ input: { id: categoryId, description: unique('Described') } }) },
    updateContent: [
      { least: 'EDITOR', args: (t) => ({ input: { id: t.contentId, caption: unique('Fresh bread') } }) },
      // An editor may change approved text; the approval is withdrawn and the content waits for review again.
      {
        label: 'approved text',
        least: 'EDITOR',
        args: async (t) => ({ input: { id: await t.content('APPROVED'), caption: unique('Changed') } }),
        select: mutationResult('... on Content { status approvedBy { id } }'),
        then: (content) => expect(content).toMatchObject({ status: 'REVIEW', approvedBy: null }),
      },
    ],
    updateMemberRole: [
      { label: 'editor to viewer', serial: true, least: 'ADMIN', args: async (t) => ({ input: { id: await t.targetMember('EDITOR'), role: 'VIEWER' } }) },
      { label: 'viewer to editor', serial: true, least: 'ADMIN', args: async (t) => ({ input: { id: await t.targetMember('VIEWER'), role: 'EDITOR' } }) },
      { label: 'viewer to admin', serial: true, least: 'OWNER', args: async (t) => ({ input: { id: await t.targetMember('VIEWER'), role: 'ADMIN' } }) },
      { label: 'admin to editor', serial: true, least: 'OWNER', args: async (t) => ({ input: { id: await t.targetMember('ADMIN'), role: 'EDITOR' } }) },
    ],
    updateSocialAccount: { least: 'ADMIN', args: (t) => ({ input: { id: t.facebookAccountId, handle: `@sunrise_fb_${++sequence}` } }) },
    updateTag: { least: 'EDITOR', args: (t) => ({ input: { id: t.tagId, description: unique('About bread') } }) },
  },

  Subscription: {
    analyticsUpdated: {
      least: 'VIEWER',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ id }',
      trigger: (t) => owner(recordEngagementDoc, { input: { contentId: t.contentId, collectedAt: new Date().toISOString(), metrics: { likes: 1 } } }),
    },
    campaignUpdated: {
      least: 'VIEWER',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ eventId change }',
      trigger: (t) => owner(updateCampaignDoc, { input: { id: t.campaignId, name: unique('Spring') } }),
    },
    analyticsAnomaly: {
      least: 'VIEWER',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ eventId anomaly { kind score } }',
      // Five contents around 1 % give the business a usual range; one at 50 % is far outside it.
      trigger: async (t) => {
        for (const likes of [8, 9, 10, 11, 12, 500]) {
          await owner(recordEngagementDoc, { input: { contentId: await t.content('DRAFT'), collectedAt: new Date().toISOString(), metrics: { reach: 1000, likes } } });
        }
      },
    },
    contentStatusChanged: {
      least: 'VIEWER',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ eventId status }',
      trigger: (t) => t.content('DRAFT'),
    },
    campaignTagged: {
      least: 'VIEWER',
      // The campaign with one content item: recategorizing it is quick.
      args: (t) => ({ campaignId: t.taggingCampaignId }),
      select: '{ eventId tags }',
      trigger: (t) => owner(recategorizeCampaignDoc, { id: t.taggingCampaignId }),
    },
    contentTagged: {
      least: 'VIEWER',
      args: (t) => ({ campaignId: t.campaignId }),
      select: '{ eventId tags }',
      trigger: async (t) => owner(tagContentDoc, { id: await t.content('DRAFT') }),
    },
    // The first event is where the generation stands now: no trigger needed.
    generationProgress: { least: 'VIEWER', args: (t) => ({ campaignId: t.campaignId }), select: '{ eventId status }' },
    reviewRequested: {
      least: 'ADMIN',
      args: (t) => ({ businessId: t.businessId }),
      select: '{ eventId content { id status } }',
      trigger: (t) => t.content('REVIEW'),
    },
  },
};

/** Where each caller connects a social account: one account per platform and business. */
const platformFor: Partial<Record<Actor, string>> = { OWNER: 'TWITTER', ADMIN: 'LINKEDIN', EDITOR: 'TIKTOK', VIEWER: 'YOUTUBE', OUTSIDER: 'EMAIL' };

const ruleInput = () => ({
  name: unique('Rule'),
  ruleType: 'TAGGING',
  conditions: { keywords: ['never-in-a-caption'] },
  actions: { addTags: ['matrix'] },
});
const campaignInput = () => ({ name: unique('Campaign'), goal: 'Sell the spring menu', campaignType: 'PRODUCT_LAUNCH', durationDays: 14, targetPlatforms: ['INSTAGRAM'] });
const contentInput = () => ({ day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: unique('Fresh sourdough'), hashtags: ['bakery'], media: { imageUrl: 'https://cdn.example.com/bread.jpg' } });

// ---------------------------------------------------------------------------------------------
// Documents, built from the schema so each takes exactly the field's arguments.

const rootTypes: Record<RootType, GraphQLObjectType> = {
  Query: schema.getQueryType()!,
  Mutation: schema.getMutationType()!,
  Subscription: schema.getSubscriptionType()!,
};

function documentFor(root: RootType, field: string, args: Args, select = ''): string {
  const definition = rootTypes[root].getFields()[field];
  const given = definition.args.filter((arg) => args[arg.name] !== undefined);
  const variables = given.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = given.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${root.toLowerCase()} Matrix${variables ? `(${variables})` : ''} { ${field}${passed ? `(${passed})` : ''} ${select} }`;
}

const recordEngagementDoc = documentFor('Mutation', 'recordEngagement', { input: {} }, mutationResult());
const updateCampaignDoc = documentFor('Mutation', 'updateCampaign', { input: {} }, mutationResult());
const tagContentDoc = documentFor('Mutation', 'tagContent', { id: '' }, mutationResult());
const recategorizeCampaignDoc = documentFor('Mutation', 'recategorizeCampaign', { id: '' }, mutationResult());

// ---------------------------------------------------------------------------------------------
// Users, the shared business, and the builders of fresh objects (all as the owner).

interface TestUser {
  token: string;
  id: string;
  email: string;
}

let server: TestServer;
let users: Record<Role | 'OUTSIDER' | 'TARGET' | 'PLATFORM_ADMIN', TestUser>;
let categoryId: string;

function tokenOf(actor: Actor): string | undefined {
  if (actor === 'ANONYMOUS') return undefined;
  return users[actor === 'USER' ? 'OWNER' : actor === 'INVITEE' ? 'TARGET' : actor].token;
}

async function call(token: string | undefined, query: string, variables: Args = {}, headers: Record<string, string> = {}) {
  return server.client.raw<Record<string, any>>(query, variables, { token, headers });
}

/** Runs a document as `token` and returns its one root field, failing on any error. */
async function must(token: string | undefined, query: string, variables: Args = {}): Promise<any> {
  const response = await call(token, query, variables);
  const value = response.data ? Object.values(response.data)[0] : undefined;
  if (response.errors?.length || value == null || /Error$/.test(value.__typename ?? '')) {
    throw new Error(`Setup call failed: ${query}\n${JSON.stringify(response)}`);
  }
  return value;
}

const owner = (query: string, variables: Args = {}) => must(users.OWNER.token, query, variables);

async function signUp(name: string, email = uniqueEmail(name.toLowerCase())): Promise<TestUser> {
  const payload = await must(undefined, 'mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on AuthPayload { token user { id } } } }', {
    input: { email, password: PASSWORD, fullName: name },
  });
  return { token: payload.token, id: payload.user.id, email };
}

async function newCategory(): Promise<string> {
  const category = await must(users.PLATFORM_ADMIN.token, 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { __typename ... on Category { id } } }', {
    input: { name: unique('Category') },
  });
  return category.id;
}

const ops = {
  createBusiness: 'mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { __typename ... on Business { id } } }',
  invite: 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on InviteMemberPayload { token invitation { id } } } }',
  accept: 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename ... on Member { id } } }',
  removeMember: 'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { __typename } }',
  members: 'query($id: ID!) { business(id: $id) { members(first: 50) { edges { node { id role user { id } } } } } }',
  createCampaign: 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename ... on Campaign { id } } }',
  createContent: 'mutation($input: CreateContentInput!) { createContent(input: $input) { __typename ... on Content { id } } }',
  transitionContent:
    'mutation($id: ID!, $to: ContentStatus!, $scheduledAt: DateTime, $postUrl: String) { transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt, postUrl: $postUrl) { __typename ... on Content { id } } }',
  receiveMessage: 'mutation($input: ReceiveMessageInput!) { receiveMessage(input: $input) { __typename ... on Message { id status } } }',
  createRule: 'mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { __typename ... on AutomationRule { id } } }',
  createTag: 'mutation($input: CreateTagInput!) { createTag(input: $input) { __typename ... on Tag { id } } }',
  connect: 'mutation($input: CreateSocialAccountInput!) { connectSocialAccount(input: $input) { __typename ... on SocialAccount { id } } }',
  updateAccount: 'mutation($input: UpdateSocialAccountInput!) { updateSocialAccount(input: $input) { __typename ... on SocialAccount { id status } } }',
  recordEngagement: 'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename ... on AnalyticsSnapshot { id } } }',
  createWebhook: 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on WebhookEndpointWithSecret { endpoint { id } } } }',
  updateContent: 'mutation($input: UpdateContentInput!) { updateContent(input: $input) { __typename ... on Content { id } } }',
  contentVersions: 'query($id: ID!) { content(id: $id) { versions(first: 1) { edges { node { id } } } } }',
  deleteContent: 'mutation($input: DeleteContentInput!) { deleteContent(input: $input) { __typename ... on TrashItem { id } } }',
  webhookDeliveries: 'query($id: ID!) { node(id: $id) { __typename ... on WebhookEndpoint { deliveries(first: 1) { edges { node { id } } } } } }',
};

/** The owner's moves from DRAFT to each status (the owner approves on the way). */
const pathTo: Record<ContentStatus, [ContentStatus, Args][]> = (() => {
  const scheduled: [ContentStatus, Args][] = [['REVIEW', {}], ['APPROVED', {}], ['SCHEDULED', { scheduledAt: inAMonth() }]];
  const publishing: [ContentStatus, Args][] = [...scheduled, ['PUBLISHING', {}]];
  return {
    DRAFT: [],
    REVIEW: [['REVIEW', {}]],
    APPROVED: [['REVIEW', {}], ['APPROVED', {}]],
    SCHEDULED: scheduled,
    PUBLISHING: publishing,
    PUBLISHED: [...publishing, ['PUBLISHED', { postUrl: 'https://instagram.example.com/p/1' }]],
    FAILED: [...publishing, ['FAILED', {}]],
    ARCHIVED: [['ARCHIVED', {}]],
  };
})();

/** A business of the owner's with the admin, editor and viewer as members, and builders of fresh objects in it. */
class Team {
  campaignId = '';
  contentId = '';
  taggingCampaignId = '';
  ruleId = '';
  tagId = '';
  facebookAccountId = '';
  nodeIds: Record<string, string> = {};

  private constructor(
    readonly businessId: string,
    readonly memberIds: Record<Role, string>,
  ) {}

  static async create(name: string): Promise<Team> {
    // Replies are drafted for review (never sent on their own), so sendReply always has one to send.
    const business = await owner(ops.createBusiness, { input: { name, industry: 'FOOD', brandVoice: 'warm', autoReplyThreshold: 1 } });
    const memberIds = { OWNER: '' } as Record<Role, string>;
    const team = new Team(business.id, memberIds);
    for (const role of ['ADMIN', 'EDITOR', 'VIEWER'] as const) {
      const { token } = await team.invite(users[role].email, role);
      memberIds[role] = (await must(users[role].token, ops.accept, { input: { token } })).id;
    }
    const listed = await owner(ops.members, { id: business.id });
    memberIds.OWNER = edgesOf(listed.members).find((member) => member.role === 'OWNER').id;
    team.campaignId = await team.campaign();
    team.contentId = await team.content();
    return team;
  }

  async invite(email: string, role: Role): Promise<{ id: string; token: string }> {
    const payload = await owner(ops.invite, { input: { businessId: this.businessId, email, role } });
    return { id: payload.invitation.id, token: payload.token };
  }

  /** A new campaign, with one content item in `withContent` when given. */
  async campaign(withContent?: ContentStatus): Promise<string> {
    const id = (await owner(ops.createCampaign, { input: { businessId: this.businessId, ...campaignInput() } })).id;
    if (withContent) await this.content(withContent, id);
    return id;
  }

  /** The version a new content item's first edit (by the owner) kept. */
  async version(): Promise<string> {
    const id = await this.content();
    await owner(ops.updateContent, { input: { id, caption: unique('Edited sourdough') } });
    return edgesOf((await owner(ops.contentVersions, { id })).versions)[0].id;
  }

  /** The trash item of a new content item deleted (by the owner) in `status`. */
  async trashed(status: ContentStatus): Promise<string> {
    return (await owner(ops.deleteContent, { input: { id: await this.content(status) } })).id;
  }

  /** A new content item of the team's campaign, moved (by the owner, who approves) to `status`. */
  async content(status: ContentStatus = 'DRAFT', campaignId = this.campaignId): Promise<string> {
    const { id } = await owner(ops.createContent, { input: { campaignId, ...contentInput() } });
    for (const [to, extra] of pathTo[status]) await owner(ops.transitionContent, { id, to, ...extra });
    return id;
  }

  async message(): Promise<string> {
    const message = await owner(ops.receiveMessage, { input: { businessId: this.businessId, platform: 'INSTAGRAM', incomingMessage: 'Do you bake on Sundays?' } });
    expect(message.status).not.toBe('SENT');
    return message.id;
  }

  async rule(): Promise<string> {
    return (await owner(ops.createRule, { input: { businessId: this.businessId, ...ruleInput() } })).id;
  }

  /** A webhook endpoint (to a name that does not resolve here: its deliveries fail quietly). */
  async webhookEndpoint(events = ['MESSAGE_ESCALATED']): Promise<string> {
    const created = await owner(ops.createWebhook, { input: { businessId: this.businessId, url: 'https://hooks.example.com/matrix', events } });
    return created.endpoint.id;
  }

  async tag(name = unique('tag')): Promise<string> {
    return (await owner(ops.createTag, { input: { businessId: this.businessId, name } })).id;
  }

  /** The FACEBOOK account, connected (updating a disconnected account connects it again). */
  async connectedFacebook(): Promise<string> {
    const account = await owner(ops.updateAccount, { input: { id: this.facebookAccountId, handle: '@sunrise_fb' } });
    expect(account.status).toBe('CONNECTED');
    return account.id;
  }

  /** Takes the target user out of the business, if they are in it. */
  async removeTarget(): Promise<void> {
    const listed = await owner(ops.members, { id: this.businessId });
    const membership = edgesOf(listed.members).find((member) => member.user.id === users.TARGET.id);
    if (membership) await owner(ops.removeMember, { input: { id: membership.id } });
  }

  /** The target user as a member in `role`, joined afresh; returns the Member id. */
  async targetMember(role: Role): Promise<string> {
    await this.removeTarget();
    const { token } = await this.invite(users.TARGET.email, role);
    return (await must(users.TARGET.token, ops.accept, { input: { token } })).id;
  }
}

let team: Team;

// ---------------------------------------------------------------------------------------------
// Running a rule for each caller.

const rulesOf = (rule: Rule | Rule[]) => (Array.isArray(rule) ? rule : [rule]);

function actorsOf(rule: Rule): Actor[] {
  if (rule.least in categoryOutcomes) return Object.keys(categoryOutcomes[rule.least as Category]) as Actor[];
  return ['OUTSIDER', 'VIEWER', 'EDITOR', 'ADMIN', 'OWNER'];
}

function expectedOutcome(root: RootType, rule: Rule, actor: Actor): Outcome {
  const override = rule.expect?.[actor];
  if (override) return override;
  if (rule.least in categoryOutcomes) return categoryOutcomes[rule.least as Category][actor]!;
  if (actor === 'OUTSIDER') return root === 'Query' ? (rule.outsider ?? 'null') : 'NOT_FOUND';
  if (rank(actor as Role) >= rank(rule.least as Role)) return 'ok';
  return root === 'Query' ? (rule.denied ?? 'FORBIDDEN') : 'FORBIDDEN';
}

const errorCode = (response: GraphQLResponse<unknown>) => String(response.errors?.[0]?.extensions?.code ?? response.errors?.[0]?.message);

function outcomeOf(root: RootType, field: string, rule: Rule, response: GraphQLResponse<Record<string, any>>): Outcome {
  if (response.errors?.length) return errorCode(response);
  const value = response.data?.[field];
  if (root === 'Mutation') return /Error$/.test(value.__typename) ? value.code : 'ok';
  if (rule.read) return rule.read(value, team);
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : value.every((item) => item === null) ? 'null' : 'ok';
  if (Array.isArray(value.edges)) return value.edges.length === 0 ? 'empty' : 'ok';
  return 'ok';
}

// Subscriptions start asynchronously on the server: wait until it holds one more before triggering.
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const activeSubscriptions = () => server.app.events.activeSubscriptions();
async function settledSubscriptions(): Promise<number> {
  let last = -1;
  for (let stable = 0; stable < 3; ) {
    const now = activeSubscriptions();
    stable = now === last ? stable + 1 : 0;
    last = now;
    await pause(10);
  }
  return last;
}

const sockets = new Map<Actor, WsClient>();
const socketOf = (actor: Actor) => {
  let socket = sockets.get(actor);
  if (!socket) sockets.set(actor, (socket = connectWs(server.url, tokenOf(actor) ?? null)));
  return socket;
};

async function subscribeAs(actor: Actor, rule: Rule, query: string, args: Args, target: Team): Promise<{ outcome: Outcome; detail: unknown }> {
  const baseline = await settledSubscriptions();
  const subscription = socketOf(actor).subscribe(parse(query) as TypedDocumentNode<Record<string, unknown>, Args>, args);
  let settled = false;
  const refused = subscription.errors.then((errors) => ({ outcome: String(errors[0]?.extensions?.code ?? errors[0]?.message), detail: errors }));
  const delivered = (async () => {
    if (rule.trigger) {
      for (let i = 0; i < 300 && !settled && activeSubscriptions() <= baseline; i++) await pause(10);
      if (settled) return { outcome: 'settled', detail: null };
      if (activeSubscriptions() <= baseline) return { outcome: 'never started', detail: null };
      await rule.trigger(target, args);
    }
    const event = await subscription.next(5_000);
    return { outcome: 'ok', detail: event };
  })().catch((error: Error) => ({ outcome: `no event: ${error.message}`, detail: null }));
  try {
    return await Promise.race([refused, delivered]);
  } finally {
    settled = true;
    subscription.unsubscribe();
  }
}

async function run(root: RootType, field: string, rule: Rule, actor: Actor): Promise<{ outcome: Outcome; detail: unknown }> {
  const target = rule.freshTeam ? await Team.create(unique('Team of its own')) : team;
  const args = await rule.args(target, actor);
  const select = rule.select ?? (root === 'Mutation' ? mutationResult() : root === 'Subscription' ? '{ __typename }' : '');
  const query = documentFor(root, field, args, select);
  if (root === 'Subscription') return subscribeAs(actor, rule, query, args, target);
  const requestId = `matrix-${randomUUID()}`;
  const response = await call(tokenOf(actor), query, args, { 'x-request-id': requestId });
  const outcome = outcomeOf(root, field, rule, response);
  if (outcome === 'ok' && rule.then) await rule.then(response.data?.[field], actor, target);
  if (root === 'Mutation') {
    // A mutation that got through leaves its changes in the audit trail; a refused one leaves nothing.
    const audited = await prisma.auditEvent.count({ where: { requestId } });
    if (outcome === 'ok' && audited === 0 && !rule.changesNothing) return { outcome: 'ok, but no audit event', detail: response };
    if (outcome !== 'ok' && audited > 0) return { outcome: `${outcome}, yet ${audited} audit events`, detail: response };
  }
  return { outcome, detail: response };
}

function describeRule(root: RootType, field: string, rule: Rule): string {
  const who = rule.least in categoryOutcomes ? rule.least : `${rule.least} and up`;
  return `${root}.${field}${rule.label ? ` (${rule.label})` : ''}: ${who}`;
}

// ---------------------------------------------------------------------------------------------

const schemaFields = (Object.keys(rootTypes) as RootType[]).flatMap((root) => Object.keys(rootTypes[root].getFields()).map((field) => [root, field] as const));

describe.skipIf(databaseMissing)(`role matrix (${testProvider})`, () => {
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAILS: PLATFORM_ADMIN_EMAIL, AI_RATE_LIMIT_PER_MINUTE: '100000' });
    const [ownerUser, admin, editor, viewer, outsider, target, platformAdmin] = await Promise.all([
      signUp('Owner'),
      signUp('Admin'),
      signUp('Editor'),
      signUp('Viewer'),
      signUp('Outsider'),
      signUp('Target'),
      signUp('Platform admin', PLATFORM_ADMIN_EMAIL),
    ]);
    users = { OWNER: ownerUser, ADMIN: admin, EDITOR: editor, VIEWER: viewer, OUTSIDER: outsider, TARGET: target, PLATFORM_ADMIN: platformAdmin };
    // The outsider is a member of a business of their own, just not of this one.
    await must(outsider.token, ops.createBusiness, { input: { name: 'Elsewhere', industry: 'RETAIL' } });

    team = await Team.create('Sunrise Bakery');
    const t = team;
    // What the reads should find: an account to schedule through, scheduled content, a snapshot,
    // a message (with its AI log), a tag, a rule, a pending invitation, a small campaign to re-tag.
    const [instagram, facebook] = await Promise.all(
      ['INSTAGRAM', 'FACEBOOK'].map((platform) => owner(ops.connect, { input: { businessId: t.businessId, platform, provider: 'OFFLINE', handle: '@sunrise' } })),
    );
    t.facebookAccountId = facebook.id;
    const [, snapshot, messageId, ruleId, tagId, invitation, taggingCampaignId] = await Promise.all([
      t.content('SCHEDULED'),
      owner(ops.recordEngagement, { input: { contentId: t.contentId, collectedAt: new Date(Date.now() - 3_600_000).toISOString(), metrics: { likes: 3 } } }),
      t.message(),
      t.rule(),
      t.tag('sourdough'),
      t.invite(uniqueEmail('pending'), 'EDITOR'),
      t.campaign(),
    ]);
    Object.assign(t, { ruleId, tagId, taggingCampaignId });
    await owner(ops.createContent, { input: { campaignId: taggingCampaignId, ...contentInput() } });
    t.nodeIds = {
      Business: t.businessId,
      Campaign: t.campaignId,
      Content: t.contentId,
      AnalyticsSnapshot: snapshot.id,
      Message: messageId,
      Tag: tagId,
      AutomationRule: ruleId,
      SocialAccount: instagram.id,
      Member: t.memberIds.VIEWER,
      Invitation: invitation.id,
    };
    const logs = await owner('query($id: ID!) { aiLogs(businessId: $id, first: 1) { edges { node { id } } } }', { id: t.businessId });
    t.nodeIds.AiLog = edgesOf(logs)[0].id;
    // Another member's user: seen by those who share a business with them.
    t.nodeIds.User = users.ADMIN.id;
    // A webhook endpoint for escalated messages (only this one is), and its delivery of it.
    t.nodeIds.WebhookEndpoint = await t.webhookEndpoint();
    await owner(ops.receiveMessage, { input: { businessId: t.businessId, platform: 'INSTAGRAM', incomingMessage: 'I want a refund, the bread was stale' } });
    for (let tries = 0; !t.nodeIds.WebhookDelivery && tries < 200; tries++) {
      t.nodeIds.WebhookDelivery = edgesOf((await owner(ops.webhookDeliveries, { id: t.nodeIds.WebhookEndpoint })).deliveries)[0]?.id;
      if (!t.nodeIds.WebhookDelivery) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    categoryId = await newCategory();
  });

  afterAll(async () => {
    await Promise.all([...sockets.values()].map((socket) => socket.dispose()));
    await server?.stop();
  });

  it('has a rule for every root field of the schema, and none for a field that is gone', () => {
    const missing = schemaFields.filter(([root, field]) => !matrix[root][field]).map(([root, field]) => `${root}.${field}`);
    const gone = (Object.keys(matrix) as RootType[]).flatMap((root) =>
      Object.keys(matrix[root])
        .filter((field) => !rootTypes[root].getFields()[field])
        .map((field) => `${root}.${field}`),
    );
    expect(missing, `Root fields without a rule in test/role-matrix.test.ts: ${missing.join(', ')}`).toEqual([]);
    expect(gone, `Rules in test/role-matrix.test.ts for fields no longer in the schema: ${gone.join(', ')}`).toEqual([]);
  });

  for (const [root, field] of schemaFields) {
    const entry = matrix[root][field];
    if (!entry) {
      it(`${root}.${field}`, () => {
        throw new Error(`${root}.${field} has no rule in the role matrix: add one saying which role (or category) may use it`);
      });
      continue;
    }
    for (const rule of rulesOf(entry)) {
      it(describeRule(root, field, rule), async () => {
        const actors = actorsOf(rule);
        const expected = Object.fromEntries(actors.map((actor) => [actor, expectedOutcome(root, rule, actor)]));
        const actual: Record<string, Outcome> = {};
        const details: Record<string, unknown> = {};
        const runAs = async (actor: Actor) => {
          const { outcome, detail } = await run(root, field, rule, actor);
          actual[actor] = outcome;
          if (outcome !== expected[actor]) details[actor] = detail;
        };
        // Each caller works on objects of its own, so they run at once unless the rule says otherwise.
        if (rule.serial || root === 'Subscription') for (const actor of actors) await runAs(actor);
        else await Promise.all(actors.map(runAs));
        expect(actual, `Unexpected outcomes: ${JSON.stringify(details)}`).toEqual(expected);
      });
    }
  }
});
