import { InvalidTransitionError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { MessageStatusEnum, PlatformEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { receiveMessage, sendReply } from './message.service.ts';

export const MessageNode = builder.prismaNode('Message', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
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
  t.withAuth({ authenticated: true }).prismaField({
    type: MessageNode,
    errors: {},
    description:
      'Stores a customer message sent to one of your businesses and drafts a reply: SENT when confident enough, DRAFTED for review, ESCALATED for sensitive matters.',
    args: { input: t.arg({ type: ReceiveMessageInput, required: true }) },
    resolve: (query, _root, { input: { businessId, ...input } }, ctx) =>
      receiveMessage(ctx, { businessId: localId(businessId, 'Business'), input, query }),
  }),
);

const SendReplyInput = builder.inputType('SendReplyInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    text: t.string({ description: 'The reply to send; leave out to send the draft as it is.' }),
  }),
});

builder.mutationField('sendReply', (t) =>
  t.withAuth({ authenticated: true }).prismaField({
    type: MessageNode,
    errors: { types: [InvalidTransitionError] },
    description: 'Sends the reply to a message: its draft, edited or not.',
    args: { input: t.arg({ type: SendReplyInput, required: true }) },
    resolve: (query, _root, { input: { id, ...input } }, ctx) => sendReply(ctx, { id: localId(id, 'Message'), input, query }),
  }),
);
