import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { CampaignStatusEnum, GenerationStatusEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import type { CampaignUpdated, GenerationProgress } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { findActor, UserNode } from '../account/user.schema.ts';
import { inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import { CampaignNode } from './campaign.schema.ts';

const CampaignChangeEnum = builder.enumType('CampaignChange', { values: ['CREATED', 'UPDATED', 'TRANSITIONED'] as const });

const CampaignEvent = builder.objectRef<CampaignUpdated>('CampaignEvent').implement({
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'Unique per event, for de-duplication.' }),
    change: t.field({ type: CampaignChangeEnum, resolve: (event) => event.change }),
    campaign: t.prismaField({
      type: CampaignNode,
      description: 'The campaign as it is now.',
      resolve: (query, event, _args, ctx) =>
        prisma.campaign.findFirstOrThrow({ ...query, where: { id: event.campaignId, ...inOwnedBusinessWhere(ctx.viewer) } }),
    }),
    previousStatus: t.field({ type: CampaignStatusEnum, nullable: true, resolve: (event) => event.previousStatus }),
    status: t.field({ type: CampaignStatusEnum, resolve: (event) => event.status }),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.changedAt) }),
    actor: t.prismaField({
      type: UserNode,
      nullable: true,
      resolve: (query, event, _args, ctx) => findActor(query, event.actorId, ctx.viewer),
    }),
  }),
});

builder.subscriptionField('campaignUpdated', (t) =>
  t.field({
    type: CampaignEvent,
    description: 'Campaigns of a business you own being created, updated or transitioned.',
    args: { businessId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) =>
      subscribeScoped('campaignUpdated', ctx.viewer, { businessId: localId(args.businessId, 'Business') }),
    resolve: (event) => event,
  }),
);

const GenerationProgressEvent = builder.objectRef<GenerationProgress>('GenerationProgressEvent').implement({
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'Unique per event, for de-duplication.' }),
    status: t.field({ type: GenerationStatusEnum, resolve: (event) => event.status }),
    completed: t.exposeInt('completed', { description: 'Content items written so far.' }),
    total: t.exposeInt('total', { description: 'Content items planned (0 until the plan is ready).' }),
    message: t.exposeString('message'),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.changedAt) }),
    campaign: t.prismaField({
      type: CampaignNode,
      resolve: (query, event, _args, ctx) =>
        prisma.campaign.findFirstOrThrow({ ...query, where: { id: event.campaignId, ...inOwnedBusinessWhere(ctx.viewer) } }),
    }),
  }),
});

builder.subscriptionField('generationProgress', (t) =>
  t.field({
    type: GenerationProgressEvent,
    description: 'Progress of an AI campaign generation, until COMPLETED or FAILED.',
    args: { campaignId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => subscribeScoped('generationProgress', ctx.viewer, { campaignId: localId(args.campaignId, 'Campaign') }),
    resolve: (event) => event,
  }),
);
