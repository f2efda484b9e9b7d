import { prisma } from '../../db/client.ts';
import { BudgetExceededError, RateLimitedError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { CategorySourceEnum, SentimentEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import type { ContentTagged } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { ContentNode } from '../content/content.schema.ts';
import { inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import { recategorizeCampaign, tagContentNow } from './tagging.service.ts';
import { CategoryNode, TagNode } from './taxonomy.schema.ts';

builder.prismaObjectFields(ContentNode, (t) => ({
  primaryCategory: t.relation('primaryCategory', { type: CategoryNode, nullable: true }),
  categoryConfidence: t.exposeFloat('categoryConfidence', { nullable: true, description: '0 to 1.' }),
  categorySource: t.expose('categorySource', { type: CategorySourceEnum, nullable: true }),
  sentiment: t.expose('sentiment', { type: SentimentEnum, nullable: true }),
  qualityScore: t.exposeFloat('qualityScore', { nullable: true, description: '0 to 1.' }),
  taggedAt: t.expose('taggedAt', { type: 'DateTime', nullable: true, description: 'When categorisation and tagging last ran.' }),
  tags: t.field({
    type: [TagNode],
    select: (_args, _ctx, nestedSelection) => ({
      tags: { orderBy: { tag: { name: 'asc' } }, select: { tag: nestedSelection(true) } },
    }),
    resolve: (content) => content.tags.map((link) => link.tag),
  }),
}));

const taggingErrors = { types: [RateLimitedError, BudgetExceededError] };

builder.mutationFields((t) => ({
  categorizeContent: t.prismaField({
    type: ContentNode,
    errors: taggingErrors,
    description: 'Runs categorisation and tagging on a content item now (a no-op when nothing it reads has changed).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = localId(args.id, 'Content');
      await tagContentNow({ viewer: ctx.viewer, id });
      return prisma.content.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  tagContent: t.prismaField({
    type: ContentNode,
    errors: taggingErrors,
    description: 'Same pipeline as categorizeContent: category and tags are resolved together.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = localId(args.id, 'Content');
      await tagContentNow({ viewer: ctx.viewer, id });
      return prisma.content.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  recategorizeCampaign: t.prismaField({
    type: CampaignNode,
    errors: taggingErrors,
    description: 'Runs categorisation and tagging on every content item of a campaign.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = localId(args.id, 'Campaign');
      await recategorizeCampaign({ viewer: ctx.viewer, id });
      return prisma.campaign.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

const ContentTaggedEvent = builder.objectRef<ContentTagged>('ContentTaggedEvent').implement({
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'Unique per event, for de-duplication.' }),
    tags: t.exposeStringList('tags'),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.changedAt) }),
    content: t.prismaField({
      type: ContentNode,
      resolve: (query, event, _args, ctx) => prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inOwnedBusinessWhere(ctx.viewer) } }),
    }),
  }),
});

builder.subscriptionField('contentTagged', (t) =>
  t.field({
    type: ContentTaggedEvent,
    description: 'Content of yours that was categorised and tagged. Give at least one filter; all given filters apply.',
    args: { businessId: t.arg.id(), campaignId: t.arg.id() },
    subscribe: (_root, args, ctx) =>
      subscribeScoped('contentTagged', ctx.viewer, {
        businessId: args.businessId ? localId(args.businessId, 'Business') : undefined,
        campaignId: args.campaignId ? localId(args.campaignId, 'Campaign') : undefined,
      }),
    resolve: (event) => event,
  }),
);
