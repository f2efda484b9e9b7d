import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { AiProviderFailedError, BudgetExceededError, RateLimitedError } from '../../domain/errors.ts';
import { MAX_TAGS_PER_CONTENT } from '../../domain/tags.ts';
import { builder } from '../../graphql/builder.ts';
import { CategorySourceEnum, SentimentEnum } from '../../graphql/enums.ts';
import { EventInterface, liveEvent, readForEvent, scopeArgs, scopeOf } from '../../graphql/events.ts';
import { localId } from '../../graphql/ids.ts';
import type { CampaignTagged, ContentTagged } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { ContentNode } from '../content/content.schema.ts';
import { recategorizeCampaign, tagContentNow } from './tagging.service.ts';
import { TagNode } from './tag.schema.ts';
import { CategoryNode } from './taxonomy.schema.ts';

builder.prismaObjectFields(ContentNode, (t) => ({
  primaryCategory: t.relation('primaryCategory', { type: CategoryNode, nullable: true }),
  categoryConfidence: t.exposeFloat('categoryConfidence', { nullable: true, description: '0 to 1.' }),
  categorySource: t.expose('categorySource', { type: CategorySourceEnum, nullable: true }),
  sentiment: t.expose('sentiment', { type: SentimentEnum, nullable: true }),
  qualityScore: t.exposeFloat('qualityScore', { nullable: true, description: '0 to 1.' }),
  taggedAt: t.expose('taggedAt', { type: 'DateTime', nullable: true, description: 'When categorisation and tagging last ran.' }),
  tags: t.field({
    type: [TagNode],
    extensions: { maxItems: MAX_TAGS_PER_CONTENT },
    select: (_args, _ctx, nestedSelection) => ({
      tags: { orderBy: { tag: { name: 'asc' } }, select: { tag: nestedSelection(true) } },
    }),
    resolve: (content) => content.tags.map((link) => link.tag),
  }),
}));

builder.prismaObjectFields(CampaignNode, (t) => ({
  primaryCategory: t.relation('primaryCategory', { type: CategoryNode, nullable: true }),
  categoryConfidence: t.exposeFloat('categoryConfidence', { nullable: true, description: '0 to 1.' }),
  tags: t.stringList({
    description: "Topic tags of the campaign's name, goal and strategy; empty until it is tagged.",
    select: { tags: true },
    resolve: (campaign) => (campaign.tags as string[] | null) ?? [],
  }),
  taggedAt: t.expose('taggedAt', { type: 'DateTime', nullable: true, description: 'When the campaign was last categorised (on creation and goal changes).' }),
}));

const taggingErrors = { types: [RateLimitedError, BudgetExceededError, AiProviderFailedError] };

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  // categorizeContent and tagContent are one pipeline: category and tags are resolved together.
  const tagNow = (description: string) =>
    signedIn.prismaField({
      type: ContentNode,
      errors: taggingErrors,
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, args, ctx) => tagContentNow(ctx, { id: localId(args.id, 'Content'), query }),
    });
  return {
    categorizeContent: tagNow('Runs categorisation and tagging on a content item now (a no-op when nothing it reads has changed).'),
    tagContent: tagNow('Same pipeline as categorizeContent: category and tags are resolved together.'),
    recategorizeCampaign: signedIn.prismaField({
      type: CampaignNode,
      errors: taggingErrors,
      description: 'Runs categorisation and tagging on every content item of a campaign.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, args, ctx) => recategorizeCampaign(ctx, { id: localId(args.id, 'Campaign'), query }),
    }),
  };
});

const ContentTaggedEvent = builder.objectRef<ContentTagged>('ContentTaggedEvent').implement({
  interfaces: [EventInterface],
  fields: (t) => ({
    tags: t.exposeStringList('tags'),
    content: t.prismaField({
      type: ContentNode,
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'content', query, () => prisma.content.findFirstOrThrow({ ...query, where: { id: event.contentId, ...inMemberBusinessWhere(ctx.viewer) } })),
    }),
  }),
});

builder.subscriptionField('contentTagged', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: ContentTaggedEvent,
    description: 'Content of yours that was categorised and tagged. Give at least one filter; all given filters apply.',
    args: scopeArgs(t.arg, ['businessId', 'campaignId']),
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'contentTagged', scopeOf(args)),
    resolve: (event) => liveEvent(event),
  }),
);

const CampaignTaggedEvent = builder.objectRef<CampaignTagged>('CampaignTaggedEvent').implement({
  interfaces: [EventInterface],
  fields: (t) => ({
    tags: t.exposeStringList('tags'),
    campaign: t.prismaField({
      type: CampaignNode,
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'campaign', query, () => prisma.campaign.findFirstOrThrow({ ...query, where: { id: event.campaignId, ...inMemberBusinessWhere(ctx.viewer) } })),
    }),
  }),
});

builder.subscriptionField('campaignTagged', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: CampaignTaggedEvent,
    description: 'A campaign of yours that got its category and tags (on creation and goal changes). Give at least one filter; all given filters apply.',
    args: scopeArgs(t.arg, ['businessId', 'campaignId']),
    subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'campaignTagged', scopeOf(args)),
    resolve: (event) => liveEvent(event),
  }),
);
