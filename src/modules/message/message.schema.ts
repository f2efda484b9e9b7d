import { builder } from '../../graphql/builder.ts';
import { MessageStatusEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { inOwnedBusinessWhere } from '../tenancy.ts';
import { receiveMessage } from './message.service.ts';

export const MessageNode = builder.prismaNode('Message', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inOwnedBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    platform: t.expose('platform', { type: PlatformEnum }),
    senderHandle: t.exposeString('senderHandle', { nullable: true }),
    incomingMessage: t.exposeString('incomingMessage'),
    generatedReply: t.exposeString('generatedReply', { nullable: true }),
    confidenceScore: t.exposeFloat('confidenceScore', { nullable: true }),
    status: t.expose('status', { type: MessageStatusEnum }),
    business: t.relation('business', { type: BusinessNode }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ReceiveMessageInput = builder.inputType('ReceiveMessageInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    platform: t.field({ type: PlatformEnum, required: true }),
    incomingMessage: t.string({ required: true }),
    senderHandle: t.string(),
  }),
});

builder.mutationField('receiveMessage', (t) =>
  t.prismaField({
    type: MessageNode,
    errors: {},
    description: 'Stores a customer message sent to one of your businesses.',
    args: { input: t.arg({ type: ReceiveMessageInput, required: true }) },
    resolve: (query, _root, { input: { businessId, ...input } }, ctx) =>
      receiveMessage({ viewer: ctx.viewer, businessId: localId(businessId, 'Business'), input, query }),
  }),
);
