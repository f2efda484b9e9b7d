import { z } from 'zod';
import { businessProfileOf } from '../../ai/business-profile.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { admitPaidCall } from '../../ai/paid-operation.ts';
import { promptText, replyPrompt } from '../../ai/prompts.ts';
import type { ReplyDraft, ReplyRequest } from '../../ai/types.ts';
import { prisma } from '../../db/client.ts';
import { notFoundIfMissing } from '../../db/errors.ts';
import { pageAfter } from '../../db/cursor-scope.ts';
import { MessageStatus, Platform } from '../../domain/enums.ts';
import { AppError, InvalidTransitionError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { ServiceContext } from '../../context.ts';
import { limits, optionalText, pageInput, parseInput, text } from '../../domain/fields.ts';
import { authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { replyStatus } from '../../domain/reply-policy.ts';
import { actorOf } from '../../realtime/events.ts';

type MessageQuery = Pick<Prisma.MessageDefaultArgs, 'include' | 'select'>;

export const receiveMessageInput = z.object({
  platform: z.enum(Platform),
  incomingMessage: text(limits.longText),
  senderHandle: optionalText(limits.name),
});

const sendReplyInput = z.object({ text: optionalText(limits.longText) });

const messageFilters = z.object({ status: z.enum(MessageStatus).nullish() });

/** A business's customer messages, newest first. */
export async function listMessages(ctx: ServiceContext, { businessId, filters, page }: { businessId: string; filters: unknown; page: unknown }) {
  const { status } = parseInput(messageFilters, filters, []);
  const { first, after } = parseInput(pageInput, page, []);
  await findBusinessFor(ctx.viewer, businessId, 'read');
  const where = { businessId, ...(status ? { status } : {}) };
  return pageAfter(
    { first, after },
    (id) => prisma.message.count({ where: { ...where, id } }),
    (window) => prisma.message.findMany({ ...window, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  );
}

/**
 * Stores an incoming customer message, then drafts a reply with the AI provider and decides
 * whether it goes out (SENT), waits for review (DRAFTED) or needs a person (ESCALATED). The
 * message is kept even when no draft can be made (rate limit, budget, provider down): it stays
 * RECEIVED. Announced (messageReceived) with the status it ended up in.
 */
export async function receiveMessage(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: MessageQuery }) {
  const data = parseInput(receiveMessageInput, input);
  const business = await findBusinessFor(ctx.viewer, businessId, 'answerMessages');
  const message = await prisma.message.create({ data: { ...data, businessId } });
  let draft: ReplyDraft | null = null;
  try {
    await admitPaidCall(ctx.app.ai, { userId: ctx.viewer.id, feature: 'AUTO_REPLY', business });
    const request: ReplyRequest = { business: businessProfileOf(business), ...data };
    ({ value: draft } = await callProvider(ctx.app.ai, { feature: 'AUTO_REPLY', userId: ctx.viewer.id, businessId }, promptText(replyPrompt(request)), (p) =>
      p.draftReply(request),
    ));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.app.logger.warn({ err: error, messageId: message.id }, 'no reply drafted; the message waits as RECEIVED');
  }
  let status = message.status;
  if (draft) {
    const decided = replyStatus(draft, business.autoReplyThreshold, data.incomingMessage);
    // Written over the message as it was stored only: deleted (moved to the trash) or answered by
    // a person while the draft was written, it is left as it is.
    const { count } = await prisma.message.updateMany({
      where: { id: message.id, status: message.status },
      data: { generatedReply: draft.reply, confidenceScore: draft.confidence, status: decided },
    });
    status = count ? decided : await currentStatus(message.id);
  }
  ctx.app.events.publish('messageReceived', { businessId, messageId: message.id, status, ...actorOf(ctx.viewer) });
  return prisma.message.findUniqueOrThrow({ ...query, where: { id: message.id } }).catch(notFoundIfMissing('Message'));
}

/** The status of a message changed since it was read; NOT_FOUND when it was deleted. */
async function currentStatus(id: string) {
  const current = await prisma.message.findUnique({ where: { id }, select: { status: true } });
  if (!current) throw new NotFoundError('Message');
  return current.status;
}

/** Sends a reply: the draft as it is, or the text given (an edited or a written reply). */
export async function sendReply(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: MessageQuery }) {
  const { text: replyText } = parseInput(sendReplyInput, input);
  const message = await authorizeRow(ctx.viewer, await prisma.message.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } }), 'Message', 'answerMessages');
  if (message.status === 'SENT') throw new InvalidTransitionError('Message', 'SENT', 'SENT', [], 'This reply was already sent');
  const reply = replyText ?? message.generatedReply;
  if (!reply) throw new ValidationError([{ path: ['input', 'text'], message: 'There is no draft to send: write the reply' }]);
  const { count } = await prisma.message.updateMany({ where: { id, status: message.status }, data: { generatedReply: reply, status: 'SENT' } });
  if (count === 0) throw new InvalidTransitionError('Message', message.status, 'SENT', [], 'The message changed meanwhile; reload and retry');
  return prisma.message.findUniqueOrThrow({ ...query, where: { id } });
}
