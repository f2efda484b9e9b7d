import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { Platform } from '../../domain-enums.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import type { Viewer } from '../../graphql/context.ts';
import { limits, optionalText, parseInput, text } from '../../validation.ts';
import { findOwnedBusiness } from '../tenancy.ts';

type MessageQuery = Pick<Prisma.MessageDefaultArgs, 'include' | 'select'>;

const receiveMessageInput = z.object({
  platform: z.enum(Platform),
  incomingMessage: text(limits.longText),
  senderHandle: optionalText(limits.name),
});

/** Stores an incoming customer message; it waits in RECEIVED until a reply is drafted. */
export async function receiveMessage({
  viewer,
  businessId,
  input,
  query,
}: { viewer: Viewer | null; businessId: string; input: unknown; query?: MessageQuery }) {
  const data = parseInput(receiveMessageInput, input);
  await findOwnedBusiness(viewer, businessId);
  return prisma.message.create({ ...query, data: { ...data, businessId } });
}
