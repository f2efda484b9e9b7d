import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import type { ContentStatus, Platform } from '../src/domain/enums.ts';
import { localId } from '../src/graphql/ids.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, signUpUser, type TestUser } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const SEARCH = `query($businessId: ID!, $query: String!, $mode: SearchMode, $filter: SearchFilter, $first: Int, $after: String) {
  search(businessId: $businessId, query: $query, mode: $mode, filter: $filter, first: $first, after: $after) {
    edges { cursor node { __typename kind score snippet
      ... on ContentHit { content { id title } }
      ... on CampaignHit { campaign { id name } }
      ... on MessageHit { message { id } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SIMILAR = `query($id: ID!, $first: Int) { similarContents(id: $id, first: $first) { kind score snippet content { id } } }`;

interface Hit {
  __typename: string;
  kind: string;
  score: number;
  snippet: string;
  content?: { id: string; title: string | null };
  campaign?: { id: string };
  message?: { id: string };
}

describe.skipIf(databaseMissing)(`search (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let campaignId: string;
  let stranger: TestUser;
  let strangerBusinessId: string;
  let strangerCampaignId: string;

  const raw = (query: string, variables: Record<string, unknown>, token = owner.token) => server.client.raw<Record<string, any>>(query, variables, { token });

  async function search(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
    const { data, errors } = await raw(SEARCH, { businessId, query, first: 20, ...variables }, token);
    expect(errors).toBeUndefined();
    return { hits: (data?.search.edges ?? []).map((edge: { node: Hit }) => edge.node) as Hit[], pageInfo: data?.search.pageInfo };
  }
  const contentIds = (hits: Hit[]) => hits.filter((hit) => hit.content).map((hit) => hit.content!.id);

  // Seeded through Prisma: what is under test is the search, and the triggers see every write.
  async function seedContent(fields: { title?: string; caption: string; hashtags?: string[]; status?: ContentStatus; platform?: Platform }, campaign = campaignId, business = businessId) {
    const row = await prisma.content.create({
      data: {
        campaignId: localId(campaign, 'Campaign'),
        businessId: localId(business, 'Business'),
        day: 1,
        platform: fields.platform ?? 'INSTAGRAM',
        contentType: 'POST',
        title: fields.title ?? null,
        caption: fields.caption,
        hashtags: fields.hashtags ?? [],
        mentions: [],
        status: fields.status ?? 'DRAFT',
      },
    });
    return { localId: row.id, id: Buffer.from(`Content:${row.id}`).toString('base64') };
  }

  let titleHit: Awaited<ReturnType<typeof seedContent>>;
  let tagHit: Awaited<ReturnType<typeof seedContent>>;
  let captionHit: Awaited<ReturnType<typeof seedContent>>;
  let photography: Awaited<ReturnType<typeof seedContent>>;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client);
    businessId = (await createBusiness(server.client, owner, 'Lavender Cafe')).id;
    campaignId = (await createCampaign(server.client, owner, businessId, 'Autumn tasting')).id;
    stranger = await signUpUser(server.client, 'Stranger');
    strangerBusinessId = (await createBusiness(server.client, stranger, 'Other Cafe')).id;
    strangerCampaignId = (await createCampaign(server.client, stranger, strangerBusinessId)).id;

    captionHit = await seedContent({ title: 'Weekend menu', caption: 'Our <b>new</b> latte tastes of lavender & honey' });
    tagHit = await seedContent({ title: 'Weekend drinks', caption: 'Try our new seasonal drink', hashtags: ['lavender'] });
    titleHit = await seedContent({ title: 'Lavender latte', caption: 'Our favourite drink this week' });
    photography = await seedContent({ title: 'Workshop', caption: 'A photography workshop for beginners in our back room' });
    await seedContent({ title: 'Lavender everything', caption: 'Lavender lavender lavender' }, strangerCampaignId, strangerBusinessId);
  });

  afterAll(() => server?.stop());

  it('ranks a title hit above a hashtag hit above a caption hit, and marks the words in an escaped snippet', async () => {
    const { hits } = await search('lavender');
    expect(contentIds(hits)).toEqual([titleHit.id, tagHit.id, captionHit.id]);
    expect(hits.every((hit) => hit.kind === 'CONTENT' && hit.__typename === 'ContentHit' && hit.score > 0)).toBe(true);
    expect(hits[0].score).toBeGreaterThan(hits[2].score);
    const caption = hits.find((hit) => hit.content?.id === captionHit.id)!;
    expect(caption.snippet).toContain('<mark>lavender</mark>');
    // Escaped (SQLite) or left out (PostgreSQL's ts_headline skips markup): never live HTML.
    expect(caption.snippet).toContain('&#38; honey');
    expect(caption.snippet).not.toContain('<b>');
  });

  it('finds campaigns and messages too, each with its kind', async () => {
    await prisma.message.create({ data: { businessId: localId(businessId, 'Business'), platform: 'INSTAGRAM', incomingMessage: 'Is the autumn menu vegan?' } });
    const { hits } = await search('autumn');
    expect(hits.map((hit) => hit.kind).sort()).toEqual(['CAMPAIGN', 'MESSAGE']);
    expect(hits.find((hit) => hit.kind === 'CAMPAIGN')?.campaign?.id).toBe(campaignId);
    const onlyMessages = await search('autumn', { filter: { kinds: ['MESSAGE'] } });
    expect(onlyMessages.hits.map((hit) => hit.__typename)).toEqual(['MessageHit']);
  });

  it('filters by status (ARCHIVED only when asked), platform, campaign, tag and creation time', async () => {
    const archived = await seedContent({ caption: 'Archived lavender scone', status: 'ARCHIVED' });
    const tiktok = await seedContent({ caption: 'Lavender on TikTok', platform: 'TIKTOK' });
    expect(contentIds((await search('lavender')).hits)).not.toContain(archived.id);
    expect(contentIds((await search('lavender', { filter: { status: 'ARCHIVED' } })).hits)).toEqual([archived.id]);
    expect(contentIds((await search('lavender', { filter: { platform: 'TIKTOK' } })).hits)).toEqual([tiktok.id]);

    const otherCampaign = await createCampaign(server.client, owner, businessId, 'Winter');
    const inOther = await seedContent({ caption: 'Lavender in winter' }, otherCampaign.id);
    expect(contentIds((await search('lavender', { filter: { campaignId: otherCampaign.id } })).hits)).toEqual([inOther.id]);

    const tag = await prisma.tag.create({ data: { businessId: localId(businessId, 'Business'), name: 'floral', relatedTags: [] } });
    await prisma.contentTag.create({ data: { contentId: titleHit.localId, tagId: tag.id } });
    expect(contentIds((await search('lavender', { filter: { tag: '#Floral' } })).hits)).toEqual([titleHit.id]);

    const created = await prisma.content.findUniqueOrThrow({ where: { id: inOther.localId } });
    const from = new Date(created.createdAt.getTime());
    expect(contentIds((await search('lavender', { filter: { from: from.toISOString() } })).hits)).toEqual([inOther.id]);
    expect(contentIds((await search('lavender', { filter: { to: from.toISOString() } })).hits)).not.toContain(inOther.id);
    await prisma.content.deleteMany({ where: { id: { in: [archived.localId, tiktok.localId, inOther.localId] } } });
  });

  it('pages with cursors, each hit once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { hits, pageInfo } = await search('lavender', { first: 2, after });
      seen.push(...contentIds(hits));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual([titleHit.id, tagHit.id, captionHit.id]);
    // Forged cursors: past the last hit is an empty page; -1 is the end cursor of an empty page;
    // further before the start is refused (the page would come back under cursors that loop).
    const cursor = (offset: number) => Buffer.from(`OffsetConnection:${offset}`).toString('base64');
    expect((await search('lavender', { after: cursor(999_999) })).hits).toEqual([]);
    expect(contentIds((await search('lavender', { after: cursor(-1) })).hits)).toEqual([titleHit.id, tagHit.id, captionHit.id]);
    expect((await raw(SEARCH, { businessId, query: 'lavender', after: cursor(-5) })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the index in step with updates, status changes and deletes', async () => {
    const item = await seedContent({ caption: 'Pumpkin bread on Friday' });
    expect(contentIds((await search('pumpkin')).hits)).toEqual([item.id]);
    await prisma.content.update({ where: { id: item.localId }, data: { caption: 'Banana bread on Friday' } });
    expect(contentIds((await search('pumpkin')).hits)).toEqual([]);
    expect(contentIds((await search('banana')).hits)).toEqual([item.id]);
    await prisma.content.update({ where: { id: item.localId }, data: { status: 'ARCHIVED' } });
    expect(contentIds((await search('banana')).hits)).toEqual([]);
    await prisma.content.delete({ where: { id: item.localId } });
    expect(contentIds((await search('banana', { filter: { status: 'ARCHIVED' } })).hits)).toEqual([]);
  });

  it('reads any input as words: quotes, operators and syntax never break the query', async () => {
    const hostile = ['"', "'", '"lavender', 'lavender"', 'AND', 'OR lavender OR', 'NOT lavender', 'NEAR(lavender latte)', 'title:lavender', '{title}: lavender',
      'lavender*', '^lavender', '-', '- -lavender', '((((', ')', "'; DROP TABLE \"Content\"; --", '\\', '%_%', '🙂 lavender', 'lavender:*', '!!!', 'a'.repeat(200), 'x & y | !z <-> w'];
    for (const query of hostile) {
      const { errors } = await raw(SEARCH, { businessId, query, first: 5 });
      expect(errors, query).toBeUndefined();
    }
    expect(contentIds((await search('"lavender latte"')).hits)).toEqual([titleHit.id]);
    expect(contentIds((await search('lavender -latte')).hits)).toEqual([tagHit.id]);
    expect(contentIds((await search('banana or latte')).hits).sort()).toEqual([titleHit.id, captionHit.id].sort());
    expect((await raw(SEARCH, { businessId, query: 'a'.repeat(201) })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await raw(SEARCH, { businessId, query: '   ' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('finds by meaning what the keywords miss, fuses both in HYBRID, and finds more like this', async () => {
    // The offline embeddings share word fragments: "photographic" is not a stem of "photography".
    expect(contentIds((await search('photographic')).hits)).toEqual([]);
    const semantic = await search('photographic', { mode: 'SEMANTIC', first: 3 });
    expect(contentIds(semantic.hits)[0]).toBe(photography.id);
    expect(semantic.hits[0].score).toBeGreaterThan(semantic.hits[1].score);

    const hybrid = await search('photographic latte', { mode: 'HYBRID' });
    const ids = contentIds(hybrid.hits);
    expect(ids).toContain(photography.id);
    expect(ids).toContain(titleHit.id);

    // Only content has embeddings: asked for campaigns, SEMANTIC finds none and HYBRID only what the keywords find.
    const campaignsOnly = { filter: { kinds: ['CAMPAIGN'] } };
    expect((await search('photographic', { mode: 'SEMANTIC', ...campaignsOnly })).hits).toEqual([]);
    expect((await search('autumn', { mode: 'HYBRID', ...campaignsOnly })).hits.map((hit) => hit.kind)).toEqual(['CAMPAIGN']);

    const nearDuplicate = await seedContent({ title: 'Lavender latte', caption: 'Our favourite drink this month' });
    const similar = await raw(SIMILAR, { id: titleHit.id, first: 3 });
    const similarIds = similar.data?.similarContents.map((hit: Hit) => hit.content!.id);
    expect(similarIds).toHaveLength(3);
    expect(similarIds).not.toContain(titleHit.id);
    expect(similarIds[0]).toBe(nearDuplicate.id);
    expect((await raw(SIMILAR, { id: titleHit.id }, stranger.token)).data?.similarContents).toBeNull();
    await prisma.content.delete({ where: { id: nearDuplicate.localId } });
  });

  it('re-embeds content whose text or embedding model changed, never mixing vector spaces', async () => {
    await search('photographic', { mode: 'SEMANTIC' });
    await prisma.contentVector.update({ where: { contentId: titleHit.localId }, data: { model: 'some-older-model' } });
    await prisma.content.update({ where: { id: photography.localId }, data: { caption: 'A pottery class for beginners' } });
    expect(await prisma.contentVector.findUnique({ where: { contentId: photography.localId } })).toBeNull();
    await search('pottery', { mode: 'SEMANTIC' });
    const vectors = await prisma.contentVector.findMany({ where: { businessId: localId(businessId, 'Business') } });
    expect(new Set(vectors.map((vector) => vector.model))).toEqual(new Set([server.app.ai.embeddingModel]));
    expect(vectors.map((vector) => vector.contentId)).toContain(photography.localId);
  });

  it("embeds a query once: asked again, by any page or mode, its vector comes from the business's cache", async () => {
    const embeddingCalls = () => prisma.aiLog.count({ where: { businessId: localId(businessId, 'Business'), feature: 'EMBEDDING' } });
    await search('rosemary focaccia', { mode: 'SEMANTIC' });
    const afterFirst = await embeddingCalls();
    await search('rosemary focaccia', { mode: 'SEMANTIC', first: 1 });
    await search('rosemary focaccia', { mode: 'HYBRID' });
    expect(await embeddingCalls()).toBe(afterFirst);
    await search('rosemary bread', { mode: 'SEMANTIC' });
    expect(await embeddingCalls()).toBe(afterFirst + 1);
    // Another tenant asking the same words pays for its own: cached values never cross businesses.
    const strangerCalls = () => prisma.aiLog.count({ where: { businessId: localId(strangerBusinessId, 'Business'), feature: 'EMBEDDING' } });
    // (Its first semantic search also embeds its content.)
    await raw(SEARCH, { businessId: strangerBusinessId, query: 'anything', mode: 'SEMANTIC', first: 5 }, stranger.token);
    const before = await strangerCalls();
    await raw(SEARCH, { businessId: strangerBusinessId, query: 'rosemary focaccia', mode: 'SEMANTIC', first: 5 }, stranger.token);
    expect(await strangerCalls()).toBe(before + 1);
  });

  it("never shows another business's rows, and refuses what a caller may not see", async () => {
    for (const mode of ['KEYWORD', 'SEMANTIC', 'HYBRID']) {
      const { data, errors } = await raw(SEARCH, { businessId: strangerBusinessId, query: 'lavender', mode });
      expect(errors?.[0].extensions?.code, mode).toBe('NOT_FOUND');
      expect(data?.search ?? null).toBeNull();
    }
    expect((await raw(SEARCH, { businessId: 'not-an-id', query: 'lavender' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const createKey = async (scopes: string[]) =>
      (await raw(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`, { input: { businessId, name: 'Search', scopes } })).data?.createApiKey.key as string;
    const reader = await createKey(['READ']);
    expect(contentIds((await search('lavender', {}, reader)).hits)).toEqual([titleHit.id, tagHit.id, captionHit.id]);
    expect((await raw(SEARCH, { businessId: strangerBusinessId, query: 'lavender' }, reader)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const writer = await createKey(['WRITE']);
    expect((await raw(SEARCH, { businessId, query: 'lavender' }, writer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
