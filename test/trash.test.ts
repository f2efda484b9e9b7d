import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { getDatamodel } from '../src/generated/pothos-types.ts';
import { purgeExpiredJob } from '../src/jobs/purge-expired.ts';
import { collectTrashedRows } from '../src/modules/trash/trash-tree.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, createContent, expectType, recordEngagement, signUpUser, type TestUser } from './support/fixtures.ts';
import { CategorizeContent, DeleteBusiness, ReceiveMessage, TransitionContent } from './support/operations.ts';
import { jobsIdle } from './support/jobs.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const TrashItemFields = graphql(`
  fragment TrashItemFields on TrashItem { id kind entityId name rowCount deletedAt purgeAt deletedBy { id } }
`);

const DeleteContent = graphql(`
  mutation DeleteContent($id: ID!) {
    deleteContent(input: { id: $id }) { __typename ... on TrashItem { ...TrashItemFields } ... on Error { code message } }
  }
`);
const DeleteCampaign = graphql(`
  mutation DeleteCampaign($id: ID!) {
    deleteCampaign(input: { id: $id }) { __typename ... on TrashItem { ...TrashItemFields } ... on Error { code message } }
  }
`);
const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!) {
    deleteMessage(input: { id: $id }) { __typename ... on TrashItem { ...TrashItemFields } ... on Error { code message } }
  }
`);
const DeleteBusinessToTrash = graphql(`
  mutation DeleteBusinessToTrash($id: ID!) {
    deleteBusiness(input: { id: $id }) { __typename ... on DeletedBusiness { deletedId trashItem { ...TrashItemFields } } ... on Error { code message } }
  }
`);
const Restore = graphql(`
  mutation TrashRestore($id: ID!) {
    restoreFromTrash(input: { id: $id }) {
      __typename
      ... on RestoredFromTrash {
        restored {
          __typename
          ... on Business { id name }
          ... on Campaign { id name contents(first: 50) { totalCount } }
          ... on Content { id status caption tags { name } }
          ... on Message { id incomingMessage }
        }
      }
      ... on Error { code message }
    }
  }
`);
const Purge = graphql(`
  mutation TrashPurge($id: ID!) {
    purgeFromTrash(input: { id: $id }) { __typename ... on PurgedFromTrash { purgedId } ... on Error { code message } }
  }
`);
const TrashDeleteTag = graphql(`
  mutation TrashDeleteTag($id: ID!) { deleteTag(input: { id: $id }) { __typename ... on Deleted { deletedId } ... on Error { code message } } }
`);
const Trash = graphql(`
  query TrashList($businessId: ID!) {
    trash(businessId: $businessId, first: 20) { totalCount edges { node { ...TrashItemFields } } }
  }
`);
const TrashedBusinesses = graphql(`
  query TrashedBusinesses {
    trashedBusinesses(first: 20) { totalCount edges { node { ...TrashItemFields } } }
  }
`);
const TrashCampaignContents = graphql(`
  query TrashCampaignContents($id: ID!) {
    campaign(id: $id) { id contents(first: 50) { totalCount edges { node { id } } } }
  }
`);
const TrashContentById = graphql(`
  query TrashContentById($id: ID!) {
    content(id: $id) { id status analytics(first: 10) { totalCount } }
  }
`);
const TrashMyBusinesses = graphql(`
  query TrashMyBusinesses {
    businesses(first: 50) { edges { node { id campaigns(first: 10) { totalCount } } } }
  }
`);

const DAY_MS = 86_400_000;

describe.skipIf(databaseMissing)(`trash and restore (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Tidy');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = (user: TestUser = owner) => ({ token: user.token });

  async function newCampaign(name = 'Spring') {
    const business = await createBusiness(server.client, owner, `Bakery ${name}`);
    const campaign = await createCampaign(server.client, owner, business.id, name);
    return { businessId: business.id, campaignId: campaign.id };
  }
  /** A member added directly: the invitation flow is teams.test's subject. */
  async function member(businessId: string, role: 'ADMIN' | 'EDITOR' | 'VIEWER') {
    const user = await signUpUser(server.client, role);
    await prisma.membership.create({ data: { businessId: localIdOf(businessId), userId: localIdOf(user.id), role } });
    return user;
  }
  /** Restores an item and returns the object, which must be of `typename`. */
  async function restoredAs<N extends 'Business' | 'Campaign' | 'Content' | 'Message'>(itemId: string, typename: N, user = owner) {
    const { restoreFromTrash } = await server.client.data(Restore, { id: itemId }, as(user));
    return expectType(expectType(restoreFromTrash, 'RestoredFromTrash').restored, typename);
  }
  /** The ids of the contents a keyword search finds. */
  const searched = async (businessId: string, query: string) => {
    const response = await server.client.raw(
      `query($b: ID!, $q: String!) { search(businessId: $b, query: $q, first: 20) { edges { node { ... on ContentHit { content { id } } } } } }`,
      { b: businessId, q: query },
      { token: owner.token },
    );
    return (response.data as { search: { edges: { node: { content?: { id: string } } }[] } }).search.edges.flatMap((edge) => (edge.node.content ? [edge.node.content.id] : []));
  };
  const trashOf = async (businessId: string, user = owner) => (await server.client.data(Trash, { businessId }, as(user))).trash;
  const usageOf = async (businessId: string) =>
    Object.fromEntries((await prisma.tag.findMany({ where: { businessId: localIdOf(businessId) } })).map((tag) => [tag.name, tag.usageCount]));

  it('moves content to the trash, out of every list and count, and restores it whole under its id', async () => {
    const { businessId, campaignId } = await newCampaign();
    const content = await createContent(server.client, owner, campaignId);
    const kept = await createContent(server.client, owner, campaignId, 2);
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const tagged = expectType((await server.client.data(CategorizeContent, { id: content.id }, as())).categorizeContent, 'Content');
    const tagNames = tagged.tags.map((tag) => tag.name);
    expect(tagNames.length).toBeGreaterThan(0);
    await recordEngagement(server.client, owner, content.id, new Date(Date.now() - 60_000), 12);
    const usageBefore = await usageOf(businessId);

    const item = expectType((await server.client.data(DeleteContent, { id: content.id }, as())).deleteContent, 'TrashItem');
    expect(item).toMatchObject({ kind: 'CONTENT', entityId: content.id, deletedBy: { id: owner.id } });
    expect(item.rowCount).toBeGreaterThanOrEqual(3);
    expect(new Date(item.purgeAt).getTime() - new Date(item.deletedAt).getTime()).toBe(30 * DAY_MS);

    expect((await server.client.data(TrashContentById, { id: content.id }, as())).content).toBeNull();
    const listed = (await server.client.data(TrashCampaignContents, { id: campaignId }, as())).campaign!.contents;
    expect(listed).toMatchObject({ totalCount: 1, edges: [{ node: { id: kept.id } }] });
    expect(await prisma.analyticsSnapshot.count({ where: { contentId: localIdOf(content.id) } })).toBe(0);
    const usageAfter = await usageOf(businessId);
    for (const name of tagNames) expect(usageAfter[name]).toBe(usageBefore[name] - 1);
    expect(await trashOf(businessId)).toMatchObject({ totalCount: 1, edges: [{ node: { id: item.id, name: item.name } }] });
    expect(await searched(businessId, 'croissants')).toEqual([kept.id]);

    const restored = await restoredAs(item.id, 'Content');
    expect(restored.id).toBe(content.id);
    expect(restored.tags.length).toBeGreaterThan(0);
    expect((await server.client.data(TrashContentById, { id: content.id }, as())).content).toMatchObject({ status: 'DRAFT', analytics: { totalCount: 1 } });
    expect(await usageOf(businessId)).toEqual(usageBefore);
    expect((await searched(businessId, 'croissants')).sort()).toEqual([content.id, kept.id].sort());
    expect((await trashOf(businessId)).totalCount).toBe(0);
    // Restored once: the item is gone.
    expect((await server.client.data(Restore, { id: item.id }, as())).restoreFromTrash).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('restores a campaign with its content but not what was deleted from it before, which waits for its campaign', async () => {
    const { businessId, campaignId } = await newCampaign('Summer');
    const earlier = await createContent(server.client, owner, campaignId);
    const withCampaign = await createContent(server.client, owner, campaignId, 2);
    const earlierItem = expectType((await server.client.data(DeleteContent, { id: earlier.id }, as())).deleteContent, 'TrashItem');
    // What the AI cost the campaign is logged for the business and linked to the campaign.
    const spend = await prisma.aiLog.create({
      data: { businessId: localIdOf(businessId), campaignId: localIdOf(campaignId), feature: 'CONTENT_GENERATION', provider: 'offline', model: 'm', promptSha256: 'x', status: 'SUCCESS', responseTimeMs: 1, costUsd: 0.5 },
    });
    const campaignItem = expectType((await server.client.data(DeleteCampaign, { id: campaignId }, as())).deleteCampaign, 'TrashItem');
    expect(campaignItem).toMatchObject({ kind: 'CAMPAIGN', entityId: campaignId, name: 'Summer' });
    expect((await trashOf(businessId)).totalCount).toBe(2);

    const orphan = await server.client.data(Restore, { id: earlierItem.id }, as());
    expect(orphan.restoreFromTrash).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    expect((await prisma.aiLog.findUniqueOrThrow({ where: { id: spend.id } })).campaignId).toBeNull();
    const campaign = await restoredAs(campaignItem.id, 'Campaign');
    expect((await prisma.aiLog.findUniqueOrThrow({ where: { id: spend.id } })).campaignId).toBe(localIdOf(campaignId));
    expect(campaign).toMatchObject({ id: campaignId, contents: { totalCount: 1 } });
    expect((await server.client.data(TrashCampaignContents, { id: campaignId }, as())).campaign!.contents.edges).toEqual([{ node: { id: withCampaign.id } }]);
    await restoredAs(earlierItem.id, 'Content');
    expect((await server.client.data(TrashCampaignContents, { id: campaignId }, as())).campaign!.contents.totalCount).toBe(2);
  });

  it('restores content whose tag and category were deleted while it was in the trash, without them', async () => {
    const { businessId, campaignId } = await newCampaign('Gone');
    const content = await createContent(server.client, owner, campaignId);
    const tagged = expectType((await server.client.data(CategorizeContent, { id: content.id }, as())).categorizeContent, 'Content');
    const [gone, ...kept] = tagged.tags;
    expect(gone).toBeDefined();
    // A category of its own, so no other test loses one: only admins delete categories.
    const category = await prisma.category.create({ data: { name: 'Soon gone', keywords: [] } });
    await prisma.content.update({ where: { id: localIdOf(content.id) }, data: { primaryCategoryId: category.id } });
    const item = expectType((await server.client.data(DeleteContent, { id: content.id }, as())).deleteContent, 'TrashItem');
    expectType((await server.client.data(TrashDeleteTag, { id: gone.id }, as())).deleteTag, 'Deleted');
    await prisma.category.delete({ where: { id: category.id } });

    const restored = await restoredAs(item.id, 'Content');
    expect(restored.tags.map((tag) => tag.name).sort()).toEqual(kept.map((tag) => tag.name).sort());
    expect((await prisma.content.findUniqueOrThrow({ where: { id: localIdOf(content.id) } })).primaryCategoryId).toBeNull();
    expect(await usageOf(businessId)).toEqual(Object.fromEntries(kept.map((tag) => [tag.name, 1])));
  });

  it('cancels the publication of scheduled content, which comes back approved', async () => {
    const { businessId, campaignId } = await newCampaign('Scheduled');
    await connectOfflineAccount(server.client, owner, businessId, 'INSTAGRAM');
    const content = await createContent(server.client, owner, campaignId);
    for (const to of ['REVIEW', 'APPROVED'] as const) expectType((await server.client.data(TransitionContent, { id: content.id, to }, as())).transitionContent, 'Content');
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    expectType((await server.client.data(TransitionContent, { id: content.id, to: 'SCHEDULED', scheduledAt }, as())).transitionContent, 'Content');
    const pending = async () => (await server.app.jobs.stats()).find((stats) => stats.queue === 'publish-content')?.counts.waiting ?? 0;
    const before = await pending();

    const item = expectType((await server.client.data(DeleteContent, { id: content.id }, as())).deleteContent, 'TrashItem');
    expect(await pending()).toBe(before - 1);
    const restored = await restoredAs(item.id, 'Content');
    expect(restored.status).toBe('APPROVED');
    expect(await pending()).toBe(before - 1);
  });

  it('takes the role deleting needs: editors their drafts, admins what was approved; strangers find nothing', async () => {
    const { businessId, campaignId } = await newCampaign('Roles');
    const editor = await member(businessId, 'EDITOR');
    const viewer = await member(businessId, 'VIEWER');
    const stranger = await signUpUser(server.client, 'Stranger');
    const draft = await createContent(server.client, owner, campaignId);
    const approved = await createContent(server.client, owner, campaignId, 2);
    for (const to of ['REVIEW', 'APPROVED'] as const) expectType((await server.client.data(TransitionContent, { id: approved.id, to }, as())).transitionContent, 'Content');

    expect((await server.client.data(DeleteContent, { id: draft.id }, as(viewer))).deleteContent).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(DeleteContent, { id: draft.id }, as(stranger))).deleteContent).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(DeleteContent, { id: approved.id }, as(editor))).deleteContent).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(DeleteCampaign, { id: campaignId }, as(editor))).deleteCampaign).toMatchObject({ code: 'FORBIDDEN' });
    const item = expectType((await server.client.data(DeleteContent, { id: draft.id }, as(editor))).deleteContent, 'TrashItem');

    expect(await trashOf(businessId, viewer)).toMatchObject({ totalCount: 1 });
    const foreign = await server.client.raw(`query($b: ID!) { trash(businessId: $b, first: 5) { totalCount } }`, { b: businessId }, { token: stranger.token });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.client.data(Restore, { id: item.id }, as(stranger))).restoreFromTrash).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(Restore, { id: item.id }, as(viewer))).restoreFromTrash).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(Purge, { id: item.id }, as(editor))).purgeFromTrash).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(Purge, { id: item.id }, as(stranger))).purgeFromTrash).toMatchObject({ code: 'NOT_FOUND' });
    await restoredAs(item.id, 'Content', editor);
  });

  it('moves a whole business to its owner’s trash: members lose it, the owner restores it with everything', async () => {
    const { businessId, campaignId } = await newCampaign('Whole');
    const editor = await member(businessId, 'EDITOR');
    await createContent(server.client, owner, campaignId);
    const message = expectType(
      (await server.client.data(ReceiveMessage, { input: { businessId, platform: 'INSTAGRAM', senderHandle: '@fan', incomingMessage: 'Open on Sunday?' } }, as())).receiveMessage,
      'Message',
    );
    const messageItem = expectType((await server.client.data(DeleteMessage, { id: message.id }, as())).deleteMessage, 'TrashItem');
    const counts = async () => ({
      campaigns: await prisma.campaign.count({ where: { businessId: localIdOf(businessId) } }),
      contents: await prisma.content.count({ where: { businessId: localIdOf(businessId) } }),
      memberships: await prisma.membership.count({ where: { businessId: localIdOf(businessId) } }),
    });
    const before = await counts();

    expect((await server.client.data(DeleteBusinessToTrash, { id: businessId }, as(editor))).deleteBusiness).toMatchObject({ code: 'FORBIDDEN' });
    const deleted = expectType((await server.client.data(DeleteBusinessToTrash, { id: businessId }, as())).deleteBusiness, 'DeletedBusiness');
    expect(deleted.trashItem).toMatchObject({ kind: 'BUSINESS', entityId: businessId, name: 'Bakery Whole' });
    expect(await counts()).toEqual({ campaigns: 0, contents: 0, memberships: 0 });
    const ids = async (user: TestUser) => (await server.client.data(TrashMyBusinesses, {}, as(user))).businesses.edges.map((edge) => edge.node.id);
    expect(await ids(owner)).not.toContain(businessId);
    expect(await ids(editor)).not.toContain(businessId);
    expect((await server.client.data(TrashedBusinesses, {}, as(owner))).trashedBusinesses.edges.map((edge) => edge.node.id)).toContain(deleted.trashItem.id);
    expect((await server.client.data(TrashedBusinesses, {}, as(editor))).trashedBusinesses.totalCount).toBe(0);
    expect((await server.client.data(Restore, { id: deleted.trashItem.id }, as(editor))).restoreFromTrash).toMatchObject({ code: 'NOT_FOUND' });

    await restoredAs(deleted.trashItem.id, 'Business');
    expect(await counts()).toEqual(before);
    expect(await ids(editor)).toContain(businessId);
    // The message deleted on its own before stays in the trash, and can come back too.
    expect(await trashOf(businessId)).toMatchObject({ totalCount: 1, edges: [{ node: { id: messageItem.id } }] });
    expect((await restoredAs(messageItem.id, 'Message')).incomingMessage).toBe('Open on Sunday?');
  });

  it('erases items now on request, and by the purge job once their time is over (a business with its earlier items)', async () => {
    const { businessId, campaignId } = await newCampaign('Purged');
    const now = await createContent(server.client, owner, campaignId);
    const later = await createContent(server.client, owner, campaignId, 2);
    const nowItem = expectType((await server.client.data(DeleteContent, { id: now.id }, as())).deleteContent, 'TrashItem');
    expect((await server.client.data(Purge, { id: nowItem.id }, as())).purgeFromTrash).toMatchObject({ purgedId: nowItem.id });
    expect((await server.client.data(Restore, { id: nowItem.id }, as())).restoreFromTrash).toMatchObject({ code: 'NOT_FOUND' });

    const laterItem = expectType((await server.client.data(DeleteContent, { id: later.id }, as())).deleteContent, 'TrashItem');
    expectType((await server.client.data(DeleteBusiness, { input: { id: businessId } }, as())).deleteBusiness, 'DeletedBusiness');
    const itemIds = [localIdOf(laterItem.id)];
    const business = await prisma.trashItem.findFirstOrThrow({ where: { kind: 'BUSINESS', entityId: localIdOf(businessId) } });

    await runPurge(new Date(Date.now() + 29 * DAY_MS));
    expect(await prisma.trashItem.count({ where: { id: { in: [...itemIds, business.id] } } })).toBe(2);
    await runPurge(new Date(Date.now() + 31 * DAY_MS));
    expect(await prisma.trashItem.count({ where: { id: { in: [...itemIds, business.id] } } })).toBe(0);
  });

  async function runPurge(at: Date) {
    const clock = server.app.clock;
    const realNow = clock.now.bind(clock);
    clock.now = () => at;
    try {
      await purgeExpiredJob.run(server.app, {}, { id: 'trash-test', attempt: 1, lastAttempt: true, signal: new AbortController().signal });
    } finally {
      clock.now = realNow;
    }
  }

  it('keeps every row that would cascade from a business (a new table below it cannot be forgotten)', async () => {
    type Field = { kind: string; type: string; relationFromFields?: readonly string[] };
    const models = getDatamodel().datamodel.models as unknown as Record<string, { fields: readonly Field[] }>;
    const parents = (model: string) => models[model].fields.filter((field) => field.kind === 'object' && field.relationFromFields?.length).map((field) => field.type);
    // Models below a business through required or optional references; derived rows are left out on purpose.
    const notKept = new Set(['WebhookDelivery', 'WebhookAttempt', 'TrashItem', 'IdempotencyKey', 'User', 'Category', 'ContentVector', 'AiCache']);
    const below = new Set(['Business']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const model of Object.keys(models)) {
        if (!below.has(model) && !notKept.has(model) && parents(model).some((parent) => below.has(parent))) {
          below.add(model);
          grew = true;
        }
      }
    }
    const kept = await prisma.$transaction((tx) => collectTrashedRows(tx, 'BUSINESS', 'none'));
    const keptModels = new Set(kept.map((table) => table.model[0].toUpperCase() + table.model.slice(1)));
    expect([...below].filter((model) => !keptModels.has(model))).toEqual([]);
  });

  it('finds the rows a restored row refers to by id, the only column this schema references', () => {
    // The datamodel writeRowsBack reads has no relationToFields: a reference to another column would be checked against ids.
    const referenced = [...readFileSync(new URL('../prisma/models.prisma', import.meta.url), 'utf8').matchAll(/references: \[([^\]]*)\]/g)].map((match) => match[1]);
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((columns) => columns !== 'id')).toEqual([]);
  });

  it('lets one of two concurrent deletions of the same content through', async () => {
    const { businessId, campaignId } = await newCampaign('Race');
    const content = await createContent(server.client, owner, campaignId);
    const results = await Promise.all([1, 2].map(() => server.client.data(DeleteContent, { id: content.id }, as())));
    expect(results.map((result) => result.deleteContent.__typename).sort()).toEqual(['NotFoundError', 'TrashItem']);
    expect((await trashOf(businessId)).totalCount).toBe(1);
  });
});
