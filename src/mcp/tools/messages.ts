import { z } from 'zod';
import { MessageStatus } from '../../domain/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { listMessages, receiveMessage, receiveMessageInput } from '../../modules/message/message.service.ts';
import { defineTool, generates, idArg, pageArgs, pageOf, reads } from '../tool.ts';
import { messageView, pageView } from '../views.ts';

export const messageTools = [
  defineTool({
    name: 'list_messages',
    title: 'List customer messages',
    description: "A business's customer messages with their drafted replies, newest first. Status: RECEIVED (no draft), DRAFTED (waits for review), SENT, ESCALATED (needs a person).",
    input: z.object({ businessId: idArg('Business'), status: z.enum(MessageStatus).nullish(), ...pageArgs }),
    annotations: reads,
    run: async ({ ctx }, { businessId, status, ...page }) =>
      pageView(await listMessages(ctx, { businessId: localId(businessId, 'Business'), filters: { status }, page: pageOf(page, 'Message') }), 'Message', messageView),
  }),
  defineTool({
    name: 'draft_reply',
    title: 'Receive a message and draft a reply',
    description:
      "Records a customer's message and has the AI draft a reply with a confidence score: SENT when at or above the business's autoReplyThreshold, ESCALATED for complaints, refunds, legal or safety matters or low confidence, DRAFTED otherwise. The message is kept (RECEIVED) even when no reply can be drafted.",
    input: z.object({ businessId: idArg('Business'), ...receiveMessageInput.shape }),
    annotations: generates,
    run: async ({ ctx }, { businessId, ...input }) => messageView(await receiveMessage(ctx, { businessId: localId(businessId, 'Business'), input })),
  }),
];
