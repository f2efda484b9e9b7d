import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { expectType, seedTenant } from './support/fixtures.ts';
import { BusinessTags, CategorizeContent, CategoryUsage, CreateContent, TagSuggestions } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Tags are private to a business: another tenant's tags are invisible through every read, and
// the tagging pipeline never hands one tenant's tags (or cached answers) to another.

const TagNodes = graphql(`
  query TagTenancyNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Tag { name business { id } } } }
`);

const TagNode = graphql(`
  query TagTenancyNode($id: ID!) { node(id: $id) { __typename id ... on Tag { name } } }
`);

const ContentTags = graphql(`
  query TagTenancyContentTags($id: ID!) { content(id: $id) { id tags { id name business { id } } } }
`);

const CreateRule = graphql(`
  mutation TagTenancyCreateRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) { __typename ... on Error { code message } }
  }
`);

const CreatePrivateTag = graphql(`
  mutation TagTenancyCreateTag($input: CreateTagInput!) {
    createTag(input: $input) { __typename ... on Tag { id name } ... on Error { code message } }
  }
`);

const SECRET = 'grandmas_secret_sourdough';
const PRIVATE = 'alpha_launch_code';

describe.skipIf(databaseMissing)(`tags across tenants (${testProvider})`, () => {
  let server: TestServer;
  let a: Awaited<ReturnType<typeof seedTenant>>;
  let b: Awaited<ReturnType<typeof seedTenant>>;
  let aTagIds: string[];
  let bTagIds: string[];
  let bLookalike: string;
  const asA = () => ({ token: a.user.token });
  const asB = () => ({ token: b.user.token });

  async function post(tenant: typeof a, caption: string) {
    const { createContent } = await server.client.data(
      CreateContent,
      { input: { campaignId: tenant.campaign.id, day: 3, platform: 'INSTAGRAM', contentType: 'POST', caption, hashtags: ['#bakery'] } },
      { token: tenant.user.token },
    );
    return expectType(createContent, 'Content').id;
  }

  async function categorize(tenant: typeof a, id: string) {
    const { categorizeContent } = await server.client.data(CategorizeContent, { id }, { token: tenant.user.token });
    return expectType(categorizeContent, 'Content');
  }

  const tagIdsOf = async (tenant: typeof a) =>
    (await server.client.data(BusinessTags, { businessId: tenant.business.id }, { token: tenant.user.token })).tags.edges.map((e) => e.node.id);

  beforeAll(async () => {
    server = await startTestServer();
    [a, b] = await Promise.all([seedTenant(server.client, 'Alpha'), seedTenant(server.client, 'Beta')]);
    // A's private vocabulary: a rule tag for its sourdough posts and a tag made by hand.
    const rule = await server.client.data(
      CreateRule,
      { input: { businessId: a.business.id, name: 'Our secret', ruleType: 'TAGGING', conditions: { keywords: ['sourdough'] }, actions: { addTags: [SECRET] } } },
      asA(),
    );
    expect(rule.createAutomationRule.__typename).toBe('AutomationRule');
    const tag = await server.client.data(CreatePrivateTag, { input: { businessId: a.business.id, name: PRIVATE, description: 'Private launch code' } }, asA());
    expect(tag.createTag.__typename).toBe('Tag');
    await categorize(a, a.content.id);
    const aSourdough = await categorize(a, await post(a, 'Grandmas secret sourdough croissants, baked at dawn'));
    expect(aSourdough.tags.map((t) => t.name)).toContain(SECRET);

    // B writes nearly the same post, without any rule: only similarity could bring A's tag.
    await categorize(b, b.content.id);
    bLookalike = await post(b, 'Grandmas secret sourdough croissants, baked at dawn!');
    await categorize(b, bLookalike);
    [aTagIds, bTagIds] = await Promise.all([tagIdsOf(a), tagIdsOf(b)]);
  });
  afterAll(() => server?.stop());

  it("never attaches A's private rule tag to B's nearly identical content", async () => {
    const { content } = await server.client.data(ContentTags, { id: bLookalike }, asB());
    const names = content?.tags.map((t) => t.name) ?? [];
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain(SECRET);
    expect(names).not.toContain(PRIVATE);
    expect(await prisma.tag.count({ where: { businessId: localIdOf(b.business.id), name: { in: [SECRET, PRIVATE] } } })).toBe(0);
  });

  it("gives B's content only B's own tags, even where both use the same name", async () => {
    for (const id of [b.content.id, bLookalike]) {
      const { content } = await server.client.data(ContentTags, { id }, asB());
      expect(content?.tags.every((t) => t.business.id === b.business.id)).toBe(true);
      expect(content?.tags.some((t) => aTagIds.includes(t.id))).toBe(false);
    }
    const bakery = async (tenant: typeof a) =>
      (await server.client.data(BusinessTags, { businessId: tenant.business.id }, { token: tenant.user.token })).tags.edges.find((e) => e.node.name === 'bakery')?.node;
    const [aBakery, bBakery] = [await bakery(a), await bakery(b)];
    expect(aBakery && bBakery && aBakery.id !== bBakery.id).toBe(true);
    expect(aBakery?.usageCount).toBe(2);
    expect(bBakery?.usageCount).toBe(2);
  });

  it("lists no tags of A's business to B, and only B's own for B's business", async () => {
    expect((await server.client.data(BusinessTags, { businessId: a.business.id }, asB())).tags).toEqual({ totalCount: 0, edges: [] });
    const own = (await server.client.data(BusinessTags, { businessId: b.business.id }, asB())).tags;
    expect(own.totalCount).toBe(own.edges.length);
    expect(own.edges.every((e) => e.node.business.id === b.business.id)).toBe(true);
    expect(own.edges.map((e) => e.node.name)).not.toEqual(expect.arrayContaining([SECRET]));
    // Control: A sees its own private tags.
    const mine = (await server.client.data(BusinessTags, { businessId: a.business.id }, asA())).tags.edges.map((e) => e.node.name);
    expect(mine).toEqual(expect.arrayContaining([SECRET, PRIVATE]));
  });

  it("suggests none of A's tags to B", async () => {
    expect((await server.client.data(TagSuggestions, { businessId: a.business.id, prefix: '' }, asB())).tagSuggestions).toEqual([]);
    for (const prefix of ['grand', 'alpha', 'ba']) {
      const { tagSuggestions } = await server.client.data(TagSuggestions, { businessId: b.business.id, prefix }, asB());
      expect(tagSuggestions.every((t) => bTagIds.includes(t.id)), prefix).toBe(true);
    }
    expect((await server.client.data(TagSuggestions, { businessId: a.business.id, prefix: 'grand' }, asA())).tagSuggestions.map((t) => t.name)).toContain(SECRET);
  });

  it("gives an empty page for a cursor naming one of A's tags, like for a missing one", async () => {
    const cursorOf = (id: string) => Buffer.from(`GPC:S:${Buffer.from(id, 'base64').toString().split(':')[1]}`).toString('base64');
    const page = (after: string) =>
      server.client.raw<{ tags: { edges: unknown[] } }>('query($id: ID!, $after: String) { tags(businessId: $id, first: 10, after: $after) { edges { node { id } } } }', { id: b.business.id, after }, asB());
    expect((await page(cursorOf(aTagIds[0]))).data?.tags.edges).toEqual([]);
    expect((await page(cursorOf(Buffer.from('Tag:made-up').toString('base64')))).data?.tags.edges).toEqual([]);
    // Control: B's own cursor pages on.
    const own = (await page(cursorOf(bTagIds[0]))).data?.tags.edges;
    expect(own?.length).toBeGreaterThanOrEqual(0);
  });

  it('suggests nothing for a prefix no tag can start with, and refuses first below 1', async () => {
    expect((await server.client.data(TagSuggestions, { businessId: b.business.id, prefix: 'a'.repeat(5_000) }, asB())).tagSuggestions).toEqual([]);
    const refused = await server.client.raw('query($id: ID!) { tagSuggestions(businessId: $id, prefix: "", first: 0) { id } }', { id: b.business.id }, asB());
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("resolves A's tags as nodes for A only", async () => {
    for (const id of aTagIds) {
      expect((await server.client.request(TagNode, { id }, asB())).data?.node).toBeNull();
      expect((await server.client.request(TagNode, { id })).data?.node).toBeNull();
      expect((await server.client.data(TagNode, { id }, asA())).node).toMatchObject({ __typename: 'Tag', id });
    }
    const ids = [...aTagIds, ...bTagIds];
    const { nodes } = await server.client.data(TagNodes, { ids }, asB());
    expect(nodes.map((node) => node?.id ?? null)).toEqual([...aTagIds.map(() => null), ...bTagIds]);
  });

  it("counts no content of A's business in B's category usage, nor A's in B's", async () => {
    const usage = async (businessId: string, as: { token: string }) =>
      (await server.client.data(CategoryUsage, { businessId }, as)).categories.flatMap((c) => [c, ...c.children]).map((c) => c.usageCount);
    const total = (counts: number[]) => counts.reduce((sum, n) => sum + n, 0);
    expect(total(await usage(a.business.id, asB()))).toBe(0);
    expect(total(await usage(b.business.id, asA()))).toBe(0);
    expect(total(await usage(a.business.id, asA()))).toBe(2);
    expect(total(await usage(b.business.id, asB()))).toBe(2);
    expect(total(await usage(a.business.id, {} as { token: string }))).toBe(0);
  });

  it("never serves A's cached provider answer to B, even for the same request", async () => {
    const caption = 'Pretzel Tuesday: two for one until noon';
    const [aPost, bPost] = [await post(a, caption), await post(b, caption)];
    const llmCalls = (tenant: typeof a) => prisma.aiLog.count({ where: { businessId: localIdOf(tenant.business.id), feature: 'CATEGORIZATION' } });
    const before = await llmCalls(b);
    await categorize(a, aPost);
    await categorize(b, bPost);
    expect(await llmCalls(b)).toBe(before + 1);
  });

  it('refuses tags and tagSuggestions without a token', async () => {
    for (const result of [
      await server.client.request(BusinessTags, { businessId: a.business.id }),
      await server.client.request(TagSuggestions, { businessId: a.business.id, prefix: 'g' }),
    ]) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
