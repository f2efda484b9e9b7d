import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { BusinessTags, CategorizeContent, CreateContent, UpdateContent } from './support/operations.ts';
import { aiEnv, scriptAi } from './support/scripted-ai.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Tag.usageCount is documented as the content items of the business with the tag: the ContentTag
// rows that point at it. Tagging, retagging, changes to tags and the trash each move those rows;
// after any mix of them, every count must equal its rows.

const TagUsageContentTags = graphql(`
  query TagUsageContentTags($id: ID!) { content(id: $id) { id tags { name } } }
`);
const TagUsageCreateTag = graphql(`
  mutation TagUsageCreateTag($input: CreateTagInput!) { createTag(input: $input) { __typename ... on Tag { id } ... on Error { code message } } }
`);
const TagUsageRenameTag = graphql(`
  mutation TagUsageRenameTag($id: ID!, $name: String!) { updateTag(input: { id: $id, name: $name }) { __typename ... on Error { code message } } }
`);
const TagUsageDeleteTag = graphql(`
  mutation TagUsageDeleteTag($id: ID!) { deleteTag(input: { id: $id }) { __typename ... on Error { code message } } }
`);
const TagUsageDeleteContent = graphql(`
  mutation TagUsageDeleteContent($id: ID!) { deleteContent(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } } }
`);
const TagUsageDeleteCampaign = graphql(`
  mutation TagUsageDeleteCampaign($id: ID!) { deleteCampaign(input: { id: $id }) { __typename ... on TrashItem { id } ... on Error { code message } } }
`);
const TagUsageDeleteBusiness = graphql(`
  mutation TagUsageDeleteBusiness($id: ID!) { deleteBusiness(input: { id: $id }) { __typename ... on DeletedBusiness { trashItem { id } } ... on Error { code message } } }
`);
const TagUsageRestore = graphql(`
  mutation TagUsageRestore($id: ID!) { restoreFromTrash(input: { id: $id }) { __typename ... on Error { code message } } }
`);
const TagUsagePurge = graphql(`
  mutation TagUsagePurge($id: ID!) { purgeFromTrash(input: { id: $id }) { __typename ... on Error { code message } } }
`);

/** In every text of a content item, and in no tag's or category's: what tells them apart below. */
const MARK = 'ZQX';

/**
 * A content item's tags are its hashtags and nothing else: the classifier adds none, and content is
 * embedded far from every tag, so no known tag is added for being similar.
 */
const hashtagsOnly = {
  embed: (text: string) => Array.from({ length: 8 }, (_, i) => (i === (text.includes(MARK) ? 0 : 1) ? 1 : 0)),
  classify: () => ({ category: null, confidence: 0.5, tags: [], sentiment: 'NEUTRAL' as const, qualityScore: 0.7 }),
};

describe.skipIf(databaseMissing)(`tag usage counts (${testProvider})`, () => {
  let stub: OpenAiStub;
  let ai: ReturnType<typeof scriptAi>;
  let server: TestServer;
  let owner: TestUser;
  const as = () => ({ token: owner.token });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    ai = scriptAi(stub, hashtagsOnly);
    server = await startTestServer({ ...aiEnv(stub), AUTO_TAGGING: 'true', AI_BUDGET_FREE_USD: '1000' });
    owner = await signUpUser(server.client, 'Counter');
  });
  afterEach(() => ai.releaseAll());
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  async function newCampaign(name: string) {
    const business = await createBusiness(server.client, owner, `${name} Bakery`);
    const campaign = await createCampaign(server.client, owner, business.id, name);
    return { businessId: business.id, campaignId: campaign.id };
  }
  async function post(campaignId: string, caption: string, hashtags: string[]) {
    const input = { campaignId, day: 1, platform: 'INSTAGRAM' as const, contentType: 'POST' as const, caption: `${MARK} ${caption}`, hashtags };
    return expectType((await server.client.data(CreateContent, { input }, as())).createContent, 'Content').id;
  }
  async function edit(id: string, caption: string, hashtags: string[]) {
    expectType((await server.client.data(UpdateContent, { input: { id, caption: `${MARK} ${caption}`, hashtags } }, as())).updateContent, 'Content');
  }
  const tagsOf = async (contentId: string) => (await server.client.data(TagUsageContentTags, { id: contentId }, as())).content?.tags.map((tag) => tag.name).sort();
  async function tagIdOf(businessId: string, name: string) {
    const { tags } = await server.client.data(BusinessTags, { businessId }, as());
    const tag = tags.edges.find((edge) => edge.node.name === name);
    if (!tag) throw new Error(`no tag ${name}`);
    return tag.node.id;
  }
  const ok = (result: { __typename: string }) => expect(result.__typename).not.toMatch(/Error$/);
  const restore = async (itemId: string) => ok((await server.client.data(TagUsageRestore, { id: itemId }, as())).restoreFromTrash);
  const purge = async (itemId: string) => ok((await server.client.data(TagUsagePurge, { id: itemId }, as())).purgeFromTrash);

  /** Once the jobs are done: each of the business's tags has the number of its rows as usageCount, in the database and as the API lists it. */
  async function expectTrueCounts(businessId: string) {
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const rows = await prisma.tag.findMany({ where: { businessId: localIdOf(businessId) }, select: { id: true, name: true, usageCount: true, _count: { select: { contents: true } } } });
    const wrong = rows.filter((tag) => tag.usageCount !== tag._count.contents).map((tag) => ({ name: tag.name, usageCount: tag.usageCount, rows: tag._count.contents }));
    expect(wrong).toEqual([]);
    const rowsOf = new Map(rows.map((tag) => [tag.id, tag._count.contents]));
    const { tags } = await server.client.data(BusinessTags, { businessId }, as());
    for (const { node } of tags.edges) expect(node.usageCount, node.name).toBe(rowsOf.get(localIdOf(node.id)));
  }

  it('follows tagging, retagging, tag changes and the trash, one step at a time', async () => {
    const { businessId, campaignId } = await newCampaign('Steps');
    const a = await post(campaignId, 'A', ['alpha', 'beta']);
    const b = await post(campaignId, 'B', ['beta', 'gamma']);
    const c = await post(campaignId, 'C', ['alpha', 'gamma']);
    await expectTrueCounts(businessId);
    expect(await tagsOf(a)).toEqual(['alpha', 'beta']);

    // Hashtags edited: tags follow, added and removed. Retagged by its job and twice on demand at
    // once, the same change is written once.
    await edit(a, 'A again', ['beta', 'delta']);
    await Promise.all([1, 2].map(async () => expectType((await server.client.data(CategorizeContent, { id: a }, as())).categorizeContent, 'Content')));
    await expectTrueCounts(businessId);
    // An edit of the text alone keeps them.
    await edit(a, 'A once more', ['beta', 'delta']);
    await expectTrueCounts(businessId);
    expect(await tagsOf(a)).toEqual(['beta', 'delta']);

    // A tag made by hand counts nothing until content carries it.
    ok((await server.client.data(TagUsageCreateTag, { input: { businessId, name: 'epsilon' } }, as())).createTag);
    await edit(b, 'B again', ['beta', 'gamma', 'epsilon']);
    await expectTrueCounts(businessId);
    // Renamed: the content keeps the tag under its new name; a retag that wants the old name makes it anew.
    ok((await server.client.data(TagUsageRenameTag, { id: await tagIdOf(businessId, 'gamma'), name: 'gamma_renamed' }, as())).updateTag);
    await expectTrueCounts(businessId);
    await edit(c, 'C again', ['alpha', 'gamma']);
    await expectTrueCounts(businessId);
    expect(await tagsOf(c)).toEqual(['alpha', 'gamma']);
    ok((await server.client.data(TagUsageDeleteTag, { id: await tagIdOf(businessId, 'beta') }, as())).deleteTag);
    await expectTrueCounts(businessId);

    // Content to the trash and back, then to the trash for good.
    let item = expectType((await server.client.data(TagUsageDeleteContent, { id: a }, as())).deleteContent, 'TrashItem').id;
    await expectTrueCounts(businessId);
    await restore(item);
    await expectTrueCounts(businessId);
    item = expectType((await server.client.data(TagUsageDeleteContent, { id: a }, as())).deleteContent, 'TrashItem').id;
    await purge(item);
    await expectTrueCounts(businessId);

    // Content trashed, its tag deleted and made again by other content: it comes back without the old tag.
    const cItem = expectType((await server.client.data(TagUsageDeleteContent, { id: c }, as())).deleteContent, 'TrashItem').id;
    ok((await server.client.data(TagUsageDeleteTag, { id: await tagIdOf(businessId, 'alpha') }, as())).deleteTag);
    await edit(b, 'B third', ['alpha', 'epsilon']);
    await expectTrueCounts(businessId);
    await restore(cItem);
    await expectTrueCounts(businessId);
    expect(await tagsOf(c)).toEqual(['gamma']);

    // Content deleted on its own, then its campaign: each comes back with its own rows.
    const bItem = expectType((await server.client.data(TagUsageDeleteContent, { id: b }, as())).deleteContent, 'TrashItem').id;
    const campaignItem = expectType((await server.client.data(TagUsageDeleteCampaign, { id: campaignId }, as())).deleteCampaign, 'TrashItem').id;
    await expectTrueCounts(businessId);
    await restore(campaignItem);
    await restore(bItem);
    await expectTrueCounts(businessId);

    // The whole business: its tags go and come back with it.
    const deleted = expectType((await server.client.data(TagUsageDeleteBusiness, { id: businessId }, as())).deleteBusiness, 'DeletedBusiness');
    await expectTrueCounts(businessId);
    await restore(deleted.trashItem.id);
    await expectTrueCounts(businessId);
    await edit(c, 'C last', ['gamma', 'zeta']);
    await expectTrueCounts(businessId);
    const again = expectType((await server.client.data(TagUsageDeleteBusiness, { id: businessId }, as())).deleteBusiness, 'DeletedBusiness');
    await purge(again.trashItem.id);
    await expectTrueCounts(businessId);
  });

  // A run reads the content's tags, waits for the AI, then writes the difference. Held at the AI,
  // the tag it is about to drop goes, and another content's retag makes a new tag of that name.
  it.each([
    ['deleted', 1],
    ['renamed', 2],
  ] as const)('follows a retag that drops a tag %s (and its name reused) while the AI answers', async (change, round) => {
    const { businessId, campaignId } = await newCampaign(`Race ${round}`);
    const a = await post(campaignId, `race-${round} A`, ['alpha', 'beta']);
    const other = await post(campaignId, `race-${round} other`, ['gamma']);
    await expectTrueCounts(businessId);
    const alpha = await tagIdOf(businessId, 'alpha');

    const held = ai.hold('chat', `race-${round} A again`);
    await edit(a, `race-${round} A again`, ['beta']);
    await held.arrived;
    if (change === 'deleted') ok((await server.client.data(TagUsageDeleteTag, { id: alpha }, as())).deleteTag);
    else ok((await server.client.data(TagUsageRenameTag, { id: alpha, name: 'alpha_before' }, as())).updateTag);
    // Tagged on demand: on PostgreSQL the held job's batch keeps the queue's next job waiting.
    await edit(other, `race-${round} other again`, ['gamma', 'alpha']);
    const retagged = expectType((await server.client.data(CategorizeContent, { id: other }, as())).categorizeContent, 'Content');
    expect(retagged.tags.map((tag) => tag.name).sort()).toEqual(['alpha', 'gamma']);
    held.release();

    await expectTrueCounts(businessId);
    expect(await tagsOf(a)).toEqual(['beta']);
    expect(await tagsOf(other)).toEqual(['alpha', 'gamma']);
  });

  it('follows retags, on demand and in the background, racing tag deletions, renames and the trash', async () => {
    const { businessId, campaignId } = await newCampaign('Crowd');
    const pool = ['p0', 'p1', 'p2', 'p3', 'p4'];
    /** Each item's hashtags in each round: about half the pool, a different half every time. */
    const hashtags = (item: number, round: number) => pool.filter((_, j) => (item * 7 + j * 3 + round) % 4 < 2);
    const contents: string[] = [];
    for (let i = 0; i < 5; i++) contents.push(await post(campaignId, `crowd ${i}`, hashtags(i, 0)));
    await expectTrueCounts(businessId);
    // What lost a race answers NOT_FOUND (its tag or content went first) or CONFLICT (its name was taken first), never a failure.
    const settled = (result: { __typename: string }) => {
      if (result.__typename.endsWith('Error')) expect(['NotFoundError', 'ConflictError']).toContain(result.__typename);
    };

    for (let round = 1; round <= 3; round++) {
      const { tags } = await server.client.data(BusinessTags, { businessId }, as());
      const [doomed, renamed] = tags.edges.map((edge) => edge.node.id);
      const [trashedContent, ...others] = contents;
      await Promise.all([
        ...contents.map(async (id, i) => {
          const input = { id, caption: `${MARK} crowd ${i} round ${round}`, hashtags: hashtags(i, round) };
          settled((await server.client.data(UpdateContent, { input }, as())).updateContent);
        }),
        ...others.slice(0, 2).map(async (id) => settled((await server.client.data(CategorizeContent, { id }, as())).categorizeContent)),
        doomed && server.client.data(TagUsageDeleteTag, { id: doomed }, as()).then((result) => settled(result.deleteTag)),
        renamed && server.client.data(TagUsageRenameTag, { id: renamed, name: `renamed_${round}` }, as()).then((result) => settled(result.updateTag)),
        server.client.data(TagUsageCreateTag, { input: { businessId, name: pool[round] } }, as()).then((result) => settled(result.createTag)),
        (async () => {
          const deleted = (await server.client.data(TagUsageDeleteContent, { id: trashedContent }, as())).deleteContent;
          if (deleted.__typename === 'TrashItem') await restore(deleted.id);
        })(),
      ]);
      await expectTrueCounts(businessId);
    }
  });
});
