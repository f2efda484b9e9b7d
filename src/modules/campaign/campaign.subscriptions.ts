import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { localId } from '../../graphql/ids.ts';
import { CampaignStatusEnum, GenerationStatusEnum } from '../../graphql/enums.ts';
import { EventInterface, liveEvent, readForEvent, scopeOf } from '../../graphql/events.ts';
import type { CampaignUpdated, GenerationProgress } from '../../realtime/events.ts';
import { subscribeScoped } from '../../realtime/subscription-scope.ts';
import { eventActorFields } from '../api-keys/event-actor.schema.ts';
import { followGeneration } from './campaign-generation.service.ts';
import { CampaignNode } from './campaign.schema.ts';

const CampaignChangeEnum = builder.enumType('CampaignChange', { values: ['CREATED', 'UPDATED', 'TRANSITIONED'] as const });


const CampaignEvent = builder.objectRef<CampaignUpdated>('CampaignEvent').implement({
  interfaces: [EventInterface],
  fields: (t) => ({
    change: t.expose('change', { type: CampaignChangeEnum }),
    campaign: t.prismaField({
      type: CampaignNode,
      description: 'The campaign as it is now.',
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'campaign', query, () =>
          prisma.campaign.findFirstOrThrow({ ...query, where: { id: event.campaignId, ...inMemberBusinessWhere(ctx.viewer) } }),
        ),
    }),
    previousStatus: t.expose('previousStatus', { type: CampaignStatusEnum, nullable: true }),
    status: t.expose('status', { type: CampaignStatusEnum }),
    ...eventActorFields(t),
  }),
});

const GenerationProgressEvent = builder.objectRef<GenerationProgress>('GenerationProgressEvent').implement({
  interfaces: [EventInterface],
  fields: (t) => ({
    status: t.expose('status', { type: GenerationStatusEnum }),
    completed: t.exposeInt('completed', { description: 'Content items written so far.' }),
    total: t.exposeInt('total', { description: 'Content items planned (0 until the plan is ready).' }),
    message: t.exposeString('message'),
    campaign: t.prismaField({
      type: CampaignNode,
      resolve: (query, event, _args, ctx) =>
        readForEvent(ctx, event, 'campaign', query, () =>
          prisma.campaign.findFirstOrThrow({ ...query, where: { id: event.campaignId, ...inMemberBusinessWhere(ctx.viewer) } }),
        ),
    }),
  }),
});

builder.subscriptionFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    campaignUpdated: signedIn.field({
      type: CampaignEvent,
      description: 'Campaigns of a business you are a member of being created, updated or transitioned.',
      args: { businessId: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) => subscribeScoped(ctx, 'campaignUpdated', scopeOf(args)),
      resolve: (event) => liveEvent(event),
    }),
    generationProgress: signedIn.field({
      type: GenerationProgressEvent,
      description: 'Where an AI campaign generation stands now, then its progress until COMPLETED or FAILED (then the subscription completes).',
      args: { campaignId: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) => followGeneration(ctx, localId(args.campaignId, 'Campaign')),
      resolve: (event) => liveEvent(event),
    }),
  };
});
