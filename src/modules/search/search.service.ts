import { z } from 'zod';
import { callProvider, sha256 } from '../../ai/logged-call.ts';
import { findBusinessFor, findContentFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { databaseProvider } from '../../db/provider.ts';
import { prisma } from '../../db/client.ts';
import { ContentStatus, Platform } from '../../domain/enums.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { parseInput, tagName, text } from '../../domain/fields.ts';
import { withCategoryAndTags } from '../content/content.service.ts';
import { ensureContentVectors } from '../../search/content-vectors.ts';
import { fromBytes } from '../../search/vector-bytes.ts';
import { type Page, keywordHits, keywordSnippets, type RankedHit } from '../../search/keyword-search.ts';
import { fuseRanks } from '../../search/rank-fusion.ts';
import { hitKinds, kindsMatching, type SearchFilter } from '../../search/search-filter.ts';
import { hasTerms, parseSearchTerms, type SearchTerms, wantedWords } from '../../search/search-terms.ts';
import { semanticHits } from '../../search/semantic-search.ts';
import { markWords, renderSnippet } from '../../search/snippet.ts';

export const searchModes = ['KEYWORD', 'SEMANTIC', 'HYBRID'] as const;
export type SearchMode = (typeof searchModes)[number];

/** Hits past this rank are not served (semantic and hybrid rankings are computed this deep). */
export const MAX_SEARCH_RESULTS = 200;

export const searchFilterInput = z.object({
  kinds: z.array(z.enum(hitKinds)).max(hitKinds.length).nullish(),
  platform: z.enum(Platform).nullish(),
  status: z.enum(ContentStatus).nullish(),
  categoryId: z.string().max(100).nullish(),
  tag: tagName.nullish(),
  campaignId: z.string().max(100).nullish(),
  from: z.date().nullish(),
  to: z.date().nullish(),
});

export const searchInput = z.object({
  query: text(200),
  mode: z.enum(searchModes).default('KEYWORD'),
  filter: searchFilterInput.nullish(),
});

export interface SearchHit extends RankedHit {
  snippet: string;
}

type FilterInput = z.infer<typeof searchFilterInput>;

const toFilter = (input: FilterInput | null | undefined): SearchFilter =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value != null)) as SearchFilter;

/**
 * One page of a business's contents, campaigns and messages matching the query, best first.
 * KEYWORD ranks the full-text index; SEMANTIC ranks content by the similarity of its embedding
 * to the query's; HYBRID fuses both rankings. Another tenant's business is NOT_FOUND.
 */
export async function search(ctx: ServiceContext, { businessId, input, page }: { businessId: string; input: unknown; page: Page }): Promise<SearchHit[]> {
  const { query, mode, filter: filterInput } = parseInput(searchInput, input, []);
  const filter = toFilter(filterInput);
  if (filter.from && filter.to && filter.to <= filter.from) throw new ValidationError([{ path: ['filter', 'to'], message: 'Must be after from' }]);
  // A forged cursor from before the start: refused like any other invalid cursor, rather than
  // answering the first page under cursors that would lead a client through it again.
  if (page.offset < 0) throw new ValidationError([{ path: ['after'], message: 'Invalid cursor' }]);
  await findBusinessFor(ctx.viewer, businessId, 'read');
  const { offset } = page;
  const window = { offset, limit: Math.max(0, Math.min(page.limit, MAX_SEARCH_RESULTS - offset)) };
  if (window.limit === 0) return [];
  const terms = parseSearchTerms(query);
  const provider = databaseProvider();

  const keyword = (p: Page) => (hasTerms(terms) ? keywordHits(provider, businessId, terms, filter, p) : Promise.resolve([]));
  const semantic = async (p: Page) => {
    // Only content has embeddings: a filter for campaigns or messages has no semantic hits (and spends nothing).
    if (!kindsMatching(filter).includes('CONTENT')) return [];
    const vector = await queryVector(ctx, businessId, query);
    return vector ? semanticHits(ctx.app.vectorSearch, businessId, { vector, model: ctx.app.ai.embeddingModel }, filter, p) : [];
  };
  const top = { offset: 0, limit: MAX_SEARCH_RESULTS };
  const hits =
    mode === 'KEYWORD'
      ? await keyword(window)
      : mode === 'SEMANTIC'
        ? await semantic(window)
        : fuseRanks(await Promise.all([keyword(top), semantic(top)])).slice(window.offset, window.offset + window.limit);
  return withSnippets(ctx, businessId, terms, hits);
}

/** "More like this": the business's content nearest to this content's embedding. */
export async function similarContents(ctx: ServiceContext, { id, first }: { id: string; first: number }): Promise<SearchHit[] | null> {
  const limit = parseInput(z.number().int().min(1, 'Must be at least 1').max(50, 'Must be at most 50'), first, ['first']);
  const content = await findContentFor(ctx.viewer, id, 'read').catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!content) return null;
  await ensureContentVectors(ctx.app, content.businessId, { userId: ctx.viewer.id, businessId: content.businessId }, ctx.app.clock.now());
  const own = await prisma.contentVector.findUnique({ where: { contentId: id } });
  if (!own || own.model !== ctx.app.ai.embeddingModel) return [];
  const vector = Array.from(fromBytes(own.vector));
  const hits = await semanticHits(ctx.app.vectorSearch, content.businessId, { vector, model: own.model, excludeId: id }, {}, { offset: 0, limit });
  return withSnippets(ctx, content.businessId, parseSearchTerms(''), hits);
}

/** The query's embedding, after making sure the business's content has vectors to compare it to. */
async function queryVector(ctx: ServiceContext, businessId: string, query: string): Promise<number[] | null> {
  const context = { userId: ctx.viewer.id, businessId };
  await ensureContentVectors(ctx.app, businessId, context, ctx.app.clock.now());
  const [vector] = await ctx.app.cache.getMany([{ businessId, scope: 'embeddings', key: queryEmbeddingKey(ctx, query) }], async () => {
    const { value } = await callProvider(ctx.app.ai, { ...context, feature: 'EMBEDDING' }, query, (provider) => provider.embed([query]));
    return [value[0] ?? []];
  });
  // A vector from another model's space (a cached entry of an older version) would compare with nothing.
  return Array.isArray(vector) && vector.length > 0 && vector.some((x) => x !== 0) ? vector : null;
}

/**
 * Queries asked again (a saved search, an agent paging) reuse their embedding from the cache
 * instead of paying the provider again; the key names the provider and model, so a change of
 * either embeds afresh, and the business, so a tenant's query never leaves it.
 */
const queryEmbeddingKey = (ctx: ServiceContext, query: string) => `query-embedding:${sha256(`${ctx.app.ai.provider.name}\n${ctx.app.ai.embeddingModel}\n${query}`)}`;

async function withSnippets(ctx: ServiceContext, businessId: string, terms: SearchTerms, hits: RankedHit[]): Promise<SearchHit[]> {
  const provider = databaseProvider();
  const ids = hits.map((hit) => hit.id);
  const [marked, documents] = await Promise.all([
    hasTerms(terms) ? keywordSnippets(provider, businessId, terms, ids) : new Map<string, string>(),
    documentBodies(businessId, ids),
  ]);
  const words = wantedWords(terms);
  return hits.map((hit) => ({ ...hit, snippet: renderSnippet(marked.get(hit.id) ?? markWords(documents.get(hit.id) ?? '', words)) }));
}

async function documentBodies(businessId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ ownerId: string; body: string }[]>`
    SELECT "ownerId", "body" FROM "SearchDocument" WHERE "businessId" = ${businessId} AND "ownerId" IN (${Prisma.join(ids)})`;
  return new Map(rows.map((row) => [row.ownerId, row.body]));
}

export const searchContentInput = z.object({
  query: searchInput.shape.query,
  mode: searchInput.shape.mode,
  status: searchFilterInput.shape.status,
  platform: searchFilterInput.shape.platform,
  first: z.number().int().min(1, 'Must be at least 1').max(50, 'Must be at most 50').default(20),
});

/** Content only, as the agents' tools show it: each item with its category, tags, score and snippet. */
export async function searchContentItems(ctx: ServiceContext, { businessId, input }: { businessId: string; input: unknown }) {
  const { query, mode, status, platform, first } = parseInput(searchContentInput, input, []);
  const hits = await search(ctx, { businessId, input: { query, mode, filter: { kinds: ['CONTENT'], status, platform } }, page: { offset: 0, limit: first } });
  const rows = await prisma.content.findMany({ where: { businessId, id: { in: hits.map((hit) => hit.id) } }, include: withCategoryAndTags });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return hits.flatMap((hit) => {
    const content = byId.get(hit.id);
    return content ? [{ content, score: hit.score, snippet: hit.snippet }] : [];
  });
}
