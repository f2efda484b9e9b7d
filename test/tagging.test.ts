import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, seedTenant, signUpUser } from './support/fixtures.ts';
import { type OpenAiStub, startOpenAiStub } from './support/openai-stub.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';
import { BusinessTags, CategorizeContent, TagSuggestions, UpdateContent } from './support/operations.ts';

const Categories = graphql(`
  query Categories($businessId: ID!) {
    categories { id name usageCount(businessId: $businessId) children { id name usageCount(businessId: $businessId) } }
  }
`);

const ContentTagging = graphql(`
  query ContentTagging($id: ID!) {
    content(id: $id) {
      id status taggedAt categoryConfidence categorySource sentiment qualityScore
      primaryCategory { id name }
      tags { name usageCount }
    }
  }
`);

const RecategorizeCampaign = graphql(`
  mutation RecategorizeCampaign($id: ID!) {
    recategorizeCampaign(id: $id) {
      __typename
      ... on Campaign { id contents(first: 50) { edges { node { id taggedAt primaryCategory { name } } } } }
      ... on Error { code message }
    }
  }
`);

const CreateRule = graphql(`
  mutation CreateRule($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) {
      __typename
      ... on AutomationRule { id name priority executionCount successCount conditions { match keywords hashtags } actions { setCategory addTags setStatus } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const UpdateRule = graphql(`
  mutation UpdateRule($input: UpdateAutomationRuleInput!) {
    updateAutomationRule(input: $input) {
      __typename
      ... on AutomationRule { id priority }
      ... on Error { code message }
    }
  }
`);

const Rules = graphql(`
  query Rules($id: ID!) {
    business(id: $id) { automationRules { id name executionCount successCount lastExecutedAt } }
  }
`);

const CreateCategory = graphql(`
  mutation CreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) {
      __typename
      ... on Category { id name parent { name } }
      ... on Error { code message }
    }
  }
`);

const UpdateCategory = graphql(`
  mutation UpdateCategory($input: UpdateCategoryInput!) {
    updateCategory(input: $input) {
      __typename
      ... on Category { id name parent { name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const CreateTag = graphql(`
  mutation CreateTag($input: CreateTagInput!) {
    createTag(input: $input) {
      __typename
      ... on Tag { id name tagType description relatedTags usageCount business { id } }
      ... on Error { code message }
    }
  }
`);

const UpdateTag = graphql(`
  mutation UpdateTag($input: UpdateTagInput!) {
    updateTag(input: $input) {
      __typename
      ... on Tag { id name description }
      ... on Error { code message }
    }
  }
`);

const DeleteTag = graphql(`
  mutation DeleteTag($input: DeleteByIdInput!) {
    deleteTag(input: $input) {
      __typename
      ... on Deleted { deletedId }
      ... on Error { code message }
    }
  }
`);

const FilteredContents = graphql(`
  query FilteredContents($id: ID!, $categoryId: ID, $tag: String) {
    campaign(id: $id) { contents(first: 50, categoryId: $categoryId, tag: $tag) { totalCount edges { node { id } } } }
  }
`);

const OnTagged = graphql(`
  subscription OnTagged($businessId: ID) {
    contentTagged(businessId: $businessId) { eventId tags content { id primaryCategory { name } } }
  }
`);

// Background tagging on a loaded CI machine can take seconds; the wait ends as soon as it is done.
async function waitForTagging(server: TestServer, token: string, id: string) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    const { content } = await server.client.data(ContentTagging, { id }, { token });
    if (content?.taggedAt) return content;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('content was not tagged');
}

/** Tag usage counts agree with the rows that use them, and content only carries its own business's tags. */
async function countersAreConsistent() {
  const tags = await prisma.tag.findMany({ include: { _count: { select: { contents: true } } } });
  for (const tag of tags) expect(tag.usageCount, tag.name).toBe(tag._count.contents);
  const links = await prisma.contentTag.findMany({ select: { content: { select: { businessId: true } }, tag: { select: { businessId: true } } } });
  for (const link of links) expect(link.tag.businessId).toBe(link.content.businessId);
}

const aiCalls = () => prisma.aiLog.count();

describe.skipIf(databaseMissing)(`categorisation and tagging, offline (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const as = () => ({ token: tenant.user.token });

  beforeAll(async () => {
    server = await startTestServer({ AUTO_TAGGING: 'true', ADMIN_EMAILS: 'admin@herald.test' });
    tenant = await seedTenant(server.client, 'Tagger');
  });
  afterAll(() => server?.stop());

  it('seeds a marketing taxonomy of at least 8 top-level categories', async () => {
    const { categories } = await server.client.data(Categories, { businessId: tenant.business.id }, as());
    expect(categories.length).toBeGreaterThanOrEqual(8);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Product Launch', 'Promotions & Offers', 'Events', 'Recruitment & Hiring']));
    expect(categories.every((c) => c.children.length >= 1)).toBe(true);
  });

  it('categorises and tags new content in the background', async () => {
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const sub = ws.subscribe(OnTagged, { businessId: tenant.business.id });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const content = await createContent(server.client, tenant.user, tenant.campaign.id, 5);
      const tagged = await waitForTagging(server, tenant.user.token, content.id);
      expect(tagged.primaryCategory?.name).toBeTruthy();
      expect(['LLM', 'SIMILARITY']).toContain(tagged.categorySource);
      expect(tagged.categoryConfidence).toBeGreaterThanOrEqual(0);
      expect(tagged.categoryConfidence).toBeLessThanOrEqual(1);
      expect(['POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MIXED']).toContain(tagged.sentiment);
      expect(tagged.qualityScore).toBeGreaterThanOrEqual(0);
      expect(tagged.tags.length).toBeGreaterThan(0);
      expect(tagged.tags.length).toBeLessThanOrEqual(10);
      expect(tagged.tags.every((tag) => /^[\p{L}\p{N}_-]+$/u.test(tag.name) && tag.name === tag.name.toLowerCase())).toBe(true);
      let event = (await sub.next()).contentTagged;
      while (event.content.id !== content.id) event = (await sub.next()).contentTagged; // the seeded content may come first
      expect(event.tags).toEqual(expect.arrayContaining([tagged.tags[0].name]));
    } finally {
      await ws.dispose();
    }
  });

  it('lets the highest-priority matching rule decide the category, adds rule tags and counts rule runs', async () => {
    const owner = await seedTenant(server.client, 'RuleOwner');
    await waitForTagging(server, owner.user.token, owner.content.id); // before the rules exist
    const create = (input: Record<string, unknown>) =>
      server.client.data(CreateRule, { input: { businessId: owner.business.id, ...input } as never }, { token: owner.user.token });
    const high = (await create({ name: 'Croissants are launches', ruleType: 'CATEGORIZATION', priority: 10, conditions: { keywords: ['Croissants'] }, actions: { setCategory: 'Product Launch' } })).createAutomationRule;
    const low = (await create({ name: 'Croissants are events', ruleType: 'CATEGORIZATION', priority: 5, conditions: { keywords: ['Croissants'] }, actions: { setCategory: 'Events' } })).createAutomationRule;
    const tagging = (await create({ name: 'Tag pastries', ruleType: 'TAGGING', conditions: { match: 'ANY', keywords: ['croissants', 'danish'] }, actions: { addTags: ['#Pastry Love'] } })).createAutomationRule;
    const never = (await create({ name: 'TikTok only', ruleType: 'TAGGING', conditions: { platforms: ['TIKTOK'] }, actions: { addTags: ['tiktok'] } })).createAutomationRule;
    for (const rule of [high, low, tagging, never]) expect(rule.__typename).toBe('AutomationRule');

    const content = await createContent(server.client, owner.user, owner.campaign.id, 2); // "Day 2: fresh croissants"
    const tagged = await waitForTagging(server, owner.user.token, content.id);
    expect(tagged).toMatchObject({ categorySource: 'RULE', categoryConfidence: 1, primaryCategory: { name: 'Product Launch' } });
    expect(tagged.tags.map((t) => t.name)).toContain('pastry_love');

    const { business } = await server.client.data(Rules, { id: owner.business.id }, { token: owner.user.token });
    const byName = Object.fromEntries((business?.automationRules ?? []).map((r) => [r.name, r]));
    expect(byName['Croissants are launches']).toMatchObject({ executionCount: 1, successCount: 1 });
    expect(byName['Croissants are events']).toMatchObject({ executionCount: 1, successCount: 0 }); // matched, but outranked
    expect(byName['Tag pastries']).toMatchObject({ executionCount: 1, successCount: 1 });
    expect(byName['TikTok only']).toMatchObject({ executionCount: 1, successCount: 0 });
    expect(byName['TikTok only'].lastExecutedAt).toBeTruthy();
  });

  it('tags content created at once in one business, all with the same new tags and counts', async () => {
    const user = await signUpUser(server.client, 'Rush');
    const business = await createBusiness(server.client, user, 'Rush Bakery');
    const campaign = await createCampaign(server.client, user, business.id);
    const contents = await Promise.all([1, 2, 3, 4, 5, 6].map((day) => createContent(server.client, user, campaign.id, day)));
    const tagged = await Promise.all(contents.map((content) => waitForTagging(server, user.token, content.id)));
    const names = tagged.map((content) => content.tags.map((tag) => tag.name).sort());
    expect(names[0].length).toBeGreaterThan(0);
    for (const each of names) expect(each).toEqual(names[0]);
    const { tags } = await server.client.data(BusinessTags, { businessId: business.id }, { token: user.token });
    expect(tags.edges.map((edge) => edge.node.usageCount)).toEqual(tags.edges.map(() => contents.length));
  });

  it('moves content along the pipeline with approval rules, only where the pipeline allows it', async () => {
    const owner = await seedTenant(server.client, 'Approver');
    await server.client.data(
      CreateRule,
      { input: { businessId: owner.business.id, name: 'Send posts to review', ruleType: 'APPROVAL', conditions: { platforms: ['INSTAGRAM'] }, actions: { setStatus: 'REVIEW' } } },
      { token: owner.user.token },
    );
    const content = await createContent(server.client, owner.user, owner.campaign.id, 3);
    const tagged = await waitForTagging(server, owner.user.token, content.id);
    expect(tagged.status).toBe('REVIEW');
  });

  it.each([
    [{ ruleType: 'CATEGORIZATION', conditions: { keywords: ['x'] }, actions: { addTags: ['y'] } }, ['input', 'actions', 'setCategory']],
    [{ ruleType: 'CATEGORIZATION', conditions: { keywords: ['x'] }, actions: { setCategory: 'No Such Category' } }, ['input', 'actions', 'setCategory']],
    [{ ruleType: 'TAGGING', conditions: {}, actions: { addTags: ['y'] } }, ['input', 'conditions']],
    [{ ruleType: 'APPROVAL', conditions: { keywords: ['x'] }, actions: { setStatus: 'PUBLISHED' } }, ['input', 'actions', 'setStatus']],
    [{ ruleType: 'TAGGING', conditions: { keywords: ['x'] }, actions: { addTags: ['###'] } }, ['input', 'actions', 'addTags', '0']],
  ])('refuses a rule that could not run (%#) with BAD_USER_INPUT', async (input, path) => {
    const { createAutomationRule } = await server.client.data(
      CreateRule,
      { input: { businessId: tenant.business.id, name: 'Bad', ...input } as never },
      as(),
    );
    expect(createAutomationRule).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    if (createAutomationRule.__typename === 'ValidationError') expect(createAutomationRule.fieldErrors.map((e) => e.path)).toContainEqual(path);
  });

  it('runs again only when something it reads changed, and then from its caches', async () => {
    const owner = await seedTenant(server.client, 'Cacher');
    const first = await waitForTagging(server, owner.user.token, owner.content.id);
    const calls = await aiCalls();
    const counts = await prisma.tag.findMany({ select: { name: true, usageCount: true }, orderBy: { name: 'asc' } });

    const again = await server.client.data(CategorizeContent, { id: owner.content.id }, { token: owner.user.token });
    expect(again.categorizeContent).toMatchObject({ primaryCategory: { name: first.primaryCategory?.name } });
    expect(await aiCalls()).toBe(calls);
    expect(await prisma.tag.findMany({ select: { name: true, usageCount: true }, orderBy: { name: 'asc' } })).toEqual(counts);

    // A new rule changes the inputs: the pipeline runs. The first run made the business's first
    // tags, which this one embeds and offers the provider as known tags, so it may ask again;
    // after that, the same candidates come from the caches.
    const rerunAfterNewRule = async (name: string) => {
      const rule = await server.client.data(
        CreateRule,
        { input: { businessId: owner.business.id, name, ruleType: 'TAGGING', conditions: { platforms: ['SMS'] }, actions: { addTags: ['sms'] } } },
        { token: owner.user.token },
      );
      expect(rule.createAutomationRule.__typename).toBe('AutomationRule');
      const rerun = await server.client.data(CategorizeContent, { id: owner.content.id }, { token: owner.user.token });
      expect(rerun.categorizeContent).toMatchObject({ primaryCategory: { name: first.primaryCategory?.name } });
    };
    await rerunAfterNewRule('Unrelated');
    const warm = await aiCalls();
    await rerunAfterNewRule('Also unrelated');
    expect(await aiCalls()).toBe(warm);
    await countersAreConsistent();
  });

  it('normalises tags, keeps usage counts right as content changes, and suggests tags by prefix', async () => {
    const owner = await seedTenant(server.client, 'Normaliser');
    await waitForTagging(server, owner.user.token, owner.content.id);
    const updated = await server.client.data(
      UpdateContent,
      { input: { id: owner.content.id, caption: 'Our summer sale starts today!', hashtags: ['#SummerSale', 'summersale', '#Zesty_Lemon'] } },
      { token: owner.user.token },
    );
    expect(updated.updateContent.__typename).toBe('Content');
    for (let i = 0; i < 200; i++) {
      const row = await prisma.content.findUniqueOrThrow({ where: { id: localIdOf(owner.content.id) }, include: { tags: { include: { tag: true } } } });
      if (row.tags.some((t) => t.tag.name === 'zesty_lemon')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { content } = await server.client.data(ContentTagging, { id: owner.content.id }, { token: owner.user.token });
    const names = content?.tags.map((t) => t.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['summersale', 'zesty_lemon']));
    expect(names.filter((n) => n === 'summersale')).toHaveLength(1);
    expect(names.every((n) => !n.startsWith('#') && n === n.toLowerCase())).toBe(true);
    await countersAreConsistent();

    const { tagSuggestions } = await server.client.data(TagSuggestions, { businessId: owner.business.id, prefix: '#ZES' }, { token: owner.user.token });
    expect(tagSuggestions.map((t) => t.name)).toContain('zesty_lemon');

    const filtered = await server.client.data(FilteredContents, { id: owner.campaign.id, tag: '#Zesty_Lemon' }, { token: owner.user.token });
    expect(filtered.campaign?.contents.edges.map((e) => e.node.id)).toEqual([owner.content.id]);
    const byCategory = await server.client.data(FilteredContents, { id: owner.campaign.id, categoryId: content?.primaryCategory?.id }, { token: owner.user.token });
    expect(byCategory.campaign?.contents.totalCount).toBe(1);
  });

  it('recategorises a whole campaign on demand', async () => {
    const owner = await seedTenant(server.client, 'Whole');
    await createContent(server.client, owner.user, owner.campaign.id, 9);
    const { recategorizeCampaign } = await server.client.data(RecategorizeCampaign, { id: owner.campaign.id }, { token: owner.user.token });
    if (recategorizeCampaign.__typename !== 'Campaign') throw new Error(JSON.stringify(recategorizeCampaign));
    expect(recategorizeCampaign.contents.edges).toHaveLength(2);
    expect(recategorizeCampaign.contents.edges.every((e) => e.node.taggedAt && e.node.primaryCategory)).toBe(true);

    // Category usage is this business's own: its two items, whatever other tenants have tagged.
    const { categories } = await server.client.data(Categories, { businessId: owner.business.id }, { token: owner.user.token });
    const counted = categories.flatMap((c) => [c, ...c.children]).filter((c) => c.usageCount > 0);
    expect(counted.reduce((sum, c) => sum + c.usageCount, 0)).toBe(2);
    const names = recategorizeCampaign.contents.edges.map((e) => e.node.primaryCategory?.name);
    for (const category of counted) expect(category.usageCount).toBe(names.filter((name) => name === category.name).length);
  });

  it('keeps rules and on-demand tagging within the tenant', async () => {
    const other = await signUpUser(server.client, 'Outsider');
    const rule = await server.client.data(
      CreateRule,
      { input: { businessId: tenant.business.id, name: 'Sneaky', ruleType: 'TAGGING', conditions: { keywords: ['x'] }, actions: { addTags: ['x'] } } },
      { token: other.token },
    );
    expect(rule.createAutomationRule).toMatchObject({ code: 'NOT_FOUND' });
    const categorize = await server.client.data(CategorizeContent, { id: tenant.content.id }, { token: other.token });
    expect(categorize.categorizeContent).toMatchObject({ code: 'NOT_FOUND' });
    const mine = await server.client.data(
      CreateRule,
      { input: { businessId: tenant.business.id, name: 'Mine', ruleType: 'TAGGING', conditions: { keywords: ['x'] }, actions: { addTags: ['x'] } } },
      as(),
    );
    if (mine.createAutomationRule.__typename !== 'AutomationRule') throw new Error('rule not created');
    const update = await server.client.data(UpdateRule, { input: { id: mine.createAutomationRule.id, priority: 99 } }, { token: other.token });
    expect(update.updateAutomationRule).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets only admins change the taxonomy, and keeps it a tree', async () => {
    const user = await signUpUser(server.client, 'Plain');
    const refused = await server.client.data(CreateCategory, { input: { name: 'Mine', keywords: [] } }, { token: user.token });
    expect(refused.createCategory).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });

    const { signUp } = await server.client.data(graphql(`mutation AdminSignUp($input: SignUpInput!) { signUp(input: $input) { __typename ... on AuthPayload { token user { role } } } }`), {
      input: { email: 'admin@herald.test', password: 'admin password', fullName: 'Admin' },
    });
    if (signUp.__typename !== 'AuthPayload') throw new Error(`admin sign-up failed: ${JSON.stringify(signUp)}`);
    expect(signUp.user.role).toBe('ADMIN');
    const admin = { token: signUp.token };
    const parent = await server.client.data(CreateCategory, { input: { name: 'Sustainability', keywords: ['eco', 'recycled'] } }, admin);
    if (parent.createCategory.__typename !== 'Category') throw new Error(JSON.stringify(parent));
    const child = await server.client.data(CreateCategory, { input: { name: 'Zero Waste', keywords: ['refill'], parentId: parent.createCategory.id } }, admin);
    if (child.createCategory.__typename !== 'Category') throw new Error(JSON.stringify(child));
    expect(child.createCategory.parent?.name).toBe('Sustainability');
    const duplicate = await server.client.data(CreateCategory, { input: { name: 'Zero Waste' } }, admin);
    expect(duplicate.createCategory).toMatchObject({ code: 'CONFLICT' });
    const cycle = await server.client.data(UpdateCategory, { input: { id: parent.createCategory.id, parentId: child.createCategory.id } }, admin);
    expect(cycle.updateCategory).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("lets a business's owner, and only them, create, rename and delete its tags", async () => {
    const owner = await seedTenant(server.client, 'TagOwner');
    const other = await seedTenant(server.client, 'OtherOwner');
    const mine = { token: owner.user.token };
    const created = await server.client.data(
      CreateTag,
      { input: { businessId: owner.business.id, name: '  #Big Deal ', tagType: 'CAMPAIGN', description: 'Our yearly sale', relatedTags: ['#Sale'] } },
      mine,
    );
    const tag = expectType(created.createTag, 'Tag');
    expect(tag).toMatchObject({ name: 'big_deal', tagType: 'CAMPAIGN', description: 'Our yearly sale', relatedTags: ['sale'], usageCount: 0, business: { id: owner.business.id } });

    const duplicate = await server.client.data(CreateTag, { input: { businessId: owner.business.id, name: 'BIG_DEAL' } }, mine);
    expect(duplicate.createTag).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    // The same name in another business is that business's own tag.
    const theirs = await server.client.data(CreateTag, { input: { businessId: other.business.id, name: 'big deal' } }, { token: other.user.token });
    expect(theirs.createTag).toMatchObject({ __typename: 'Tag', name: 'big_deal', business: { id: other.business.id } });
    // On someone else's business: NOT_FOUND, like a business that does not exist.
    const foreign = await server.client.data(CreateTag, { input: { businessId: other.business.id, name: 'sneaky' } }, mine);
    expect(foreign.createTag).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });

    const renamed = await server.client.data(UpdateTag, { input: { id: tag.id, name: 'Bigger Deal', description: 'Now twice a year' } }, mine);
    expect(renamed.updateTag).toMatchObject({ __typename: 'Tag', name: 'bigger_deal', description: 'Now twice a year' });
    const intruder = await server.client.data(UpdateTag, { input: { id: tag.id, name: 'hijacked' } }, { token: other.user.token });
    expect(intruder.updateTag).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const notDeleted = await server.client.data(DeleteTag, { input: { id: tag.id } }, { token: other.user.token });
    expect(notDeleted.deleteTag).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const listed = await server.client.data(BusinessTags, { businessId: owner.business.id, tagType: 'CAMPAIGN' }, mine);
    expect(listed.tags.edges.map((e) => e.node.name)).toEqual(['bigger_deal']);

    const deleted = await server.client.data(DeleteTag, { input: { id: tag.id } }, mine);
    expect(deleted.deleteTag).toEqual({ __typename: 'Deleted', deletedId: tag.id });
    const again = await server.client.data(DeleteTag, { input: { id: tag.id } }, mine);
    expect(again.deleteTag).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(BusinessTags, { businessId: owner.business.id, tagType: 'CAMPAIGN' }, mine)).tags.totalCount).toBe(0);
  });
});

describe.skipIf(databaseMissing)(`categorisation through an OpenAI-compatible server (${testProvider})`, () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const topLevel = ['Product Launch', 'Promotions & Offers', 'Education & How-To', 'Behind the Scenes', 'Events', 'Recruitment & Hiring'];

  beforeAll(async () => {
    stub = await startOpenAiStub();
    server = await startTestServer({ AI_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.url, OPENAI_MAX_RETRIES: '0' });
    tenant = await seedTenant(server.client, 'Stubbed');
    // Deterministic vectors from the text, and an LLM that picks the first top-level candidate it is offered.
    stub.respondWith((endpoint, body) => {
      if (endpoint === 'embeddings') {
        const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
        return { embeddings: inputs.map((text) => Array.from({ length: 8 }, (_, i) => ((text.length * (i + 3)) % 17) + 1)), usage: { prompt_tokens: 50 } };
      }
      const prompt = JSON.stringify(body.messages);
      const pick = topLevel.filter((name) => prompt.includes(name)).sort((a, b) => prompt.indexOf(a) - prompt.indexOf(b))[0] ?? null;
      return { json: { category: pick, confidence: 0.8, tags: ['#Fresh Bread', 'bakery'], sentiment: 'POSITIVE', qualityScore: 0.7 }, usage: { prompt_tokens: 300, completion_tokens: 40 } };
    });
  });
  afterEach(() => undefined);
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  it('embeds, asks the model to choose among the candidates, logs every call and caches the answers', async () => {
    const { categorizeContent } = await server.client.data(CategorizeContent, { id: tenant.content.id }, { token: tenant.user.token });
    if (categorizeContent.__typename !== 'Content') throw new Error(JSON.stringify(categorizeContent));
    const chat = stub.requests.filter((r) => r.endpoint === 'chat');
    expect(chat).toHaveLength(1);
    expect(stub.requests.some((r) => r.endpoint === 'embeddings')).toBe(true);
    expect(['LLM', 'SIMILARITY']).toContain(categorizeContent.categorySource);
    if (categorizeContent.categorySource === 'LLM') expect(categorizeContent.categoryConfidence).toBe(0.8);
    expect(categorizeContent.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['fresh_bread', 'bakery']));
    const logs = await prisma.aiLog.findMany({ where: { businessId: localIdOf(tenant.business.id) } });
    expect(new Set(logs.map((l) => l.feature))).toEqual(new Set(['EMBEDDING', 'CATEGORIZATION']));
    expect(logs.every((l) => l.provider === 'openai' && l.status === 'SUCCESS')).toBe(true);

    const requests = stub.requests.length;
    await server.client.data(CategorizeContent, { id: tenant.content.id }, { token: tenant.user.token });
    expect(stub.requests.slice(requests).map((r) => [r.endpoint, JSON.stringify(r.body).slice(0, 300)])).toEqual([]);
  });

  it('answers a typed AI_PROVIDER_ERROR when the model fails, without the key the server echoed, in the reply or the log', async () => {
    const content = await createContent(server.client, tenant.user, tenant.campaign.id, 2);
    stub.enqueue({ endpoint: 'chat', status: 401, body: { error: { message: 'Incorrect API key provided: sk-test', type: 'invalid_request_error' } } });

    const { categorizeContent } = await server.client.data(CategorizeContent, { id: content.id }, { token: tenant.user.token });

    expect(categorizeContent).toMatchObject({ __typename: 'AiProviderError', code: 'AI_PROVIDER_ERROR' });
    if (categorizeContent.__typename !== 'AiProviderError') return;
    expect(categorizeContent.message).not.toContain('sk-test');
    const log = await prisma.aiLog.findFirstOrThrow({ where: { businessId: localIdOf(tenant.business.id), status: 'ERROR' }, orderBy: { createdAt: 'desc' } });
    expect(log.errorMessage).toMatch(/401/);
    expect(log.errorMessage).not.toContain('sk-test');
  });
});
