import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ContentStatusEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { hitKinds } from '../../search/search-filter.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { ContentNode } from '../content/content.schema.ts';
import { MessageNode } from '../message/message.schema.ts';
import { MAX_SEARCH_RESULTS, search, type SearchHit, searchModes, similarContents } from './search.service.ts';

const SearchModeEnum = builder.enumType('SearchMode', {
  values: {
    KEYWORD: { description: 'Full-text: title outranks hashtags, which outrank caption and script.' },
    SEMANTIC: { description: 'Content whose embedding is nearest to the query’s (content only).' },
    HYBRID: { description: 'Both rankings fused by reciprocal rank.' },
  } satisfies Record<(typeof searchModes)[number], unknown>,
});

const SearchHitKindEnum = builder.enumType('SearchHitKind', { values: hitKinds });

const SearchHitInterface = builder.interfaceRef<SearchHit>('SearchHit').implement({
  description: 'Something a search found, with how well it matched.',
  fields: (t) => ({
    kind: t.field({ type: SearchHitKindEnum, resolve: (hit) => hit.kind }),
    score: t.exposeFloat('score', {
      description: 'Higher is better; comparable within one search only (bm25 or ts_rank, cosine similarity, or the fused rank).',
    }),
    snippet: t.exposeString('snippet', {
      description: 'An excerpt as HTML: the text escaped, the matched words in <mark>…</mark>.',
    }),
  }),
});

const hitObject = <K extends SearchHit['kind']>(name: string, kind: K) =>
  builder.objectRef<SearchHit>(name).implement({ interfaces: [SearchHitInterface], isTypeOf: (hit) => (hit as SearchHit).kind === kind });

const ContentHit = hitObject('ContentHit', 'CONTENT');
const CampaignHit = hitObject('CampaignHit', 'CAMPAIGN');
const MessageHit = hitObject('MessageHit', 'MESSAGE');

// Prisma batches the findUnique calls of one page into one query per type.
builder.objectFields(ContentHit, (t) => ({
  content: t.prismaField({ type: ContentNode, resolve: (query, hit) => prisma.content.findUniqueOrThrow({ ...query, where: { id: hit.id } }) }),
}));
builder.objectFields(CampaignHit, (t) => ({
  campaign: t.prismaField({ type: CampaignNode, resolve: (query, hit) => prisma.campaign.findUniqueOrThrow({ ...query, where: { id: hit.id } }) }),
}));
builder.objectFields(MessageHit, (t) => ({
  message: t.prismaField({ type: MessageNode, resolve: (query, hit) => prisma.message.findUniqueOrThrow({ ...query, where: { id: hit.id } }) }),
}));

const SearchFilterInput = builder.inputType('SearchFilter', {
  description: 'Status, category, tag and campaign describe content: with any of them, only content is found; with a platform, content and messages.',
  fields: (t) => ({
    kinds: t.field({ type: [SearchHitKindEnum], description: 'What to find; all kinds when left out.' }),
    platform: t.field({ type: PlatformEnum }),
    status: t.field({ type: ContentStatusEnum, description: 'ARCHIVED content is found only when asked for by this filter.' }),
    categoryId: t.id(),
    tag: t.string(),
    campaignId: t.id(),
    from: t.field({ type: 'DateTime', description: 'Created at or after (inclusive).' }),
    to: t.field({ type: 'DateTime', description: 'Created before (exclusive).' }),
  }),
});

builder.queryFields((t) => ({
  search: t.withAuth({ authenticated: true }).connection({
    type: SearchHitInterface,
    description: `Contents, campaigns and messages of a business you are a member of that match the query, best first (at most ${MAX_SEARCH_RESULTS}). NOT_FOUND for any other business.`,
    args: {
      businessId: t.arg.id({ required: true }),
      query: t.arg.string({ required: true, description: 'Words (all required), "a phrase", `or` between terms, -excluded. At most 200 characters.' }),
      mode: t.arg({ type: SearchModeEnum, defaultValue: 'KEYWORD' }),
      filter: t.arg({ type: SearchFilterInput }),
    },
    resolve: (_root, args, ctx) =>
      resolveOffsetConnection({ args }, ({ offset, limit }) =>
        search(ctx, {
          businessId: localId(args.businessId, 'Business'),
          input: {
            query: args.query,
            mode: args.mode,
            filter: args.filter && {
              ...args.filter,
              categoryId: args.filter.categoryId && localIdForRead(args.filter.categoryId, 'Category'),
              campaignId: args.filter.campaignId && localIdForRead(args.filter.campaignId, 'Campaign'),
            },
          },
          page: { offset, limit },
        }),
      ),
  }),
  similarContents: t.withAuth({ authenticated: true }).field({
    type: [ContentHit],
    nullable: true,
    description: 'Content of the same business nearest in meaning to this one ("more like this"), best first; null when it is not yours to see.',
    args: { id: t.arg.id({ required: true }), first: t.arg.int({ defaultValue: 10, description: 'At most 50.' }) },
    resolve: (_root, args, ctx) => similarContents(ctx, { id: localIdForRead(args.id, 'Content'), first: args.first ?? 10 }),
  }),
}));
