import { z } from 'zod';
import { findBusinessFor } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { ContentStatus, Platform } from '../../domain/enums.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';

const calendarStatuses = ['SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'FAILED'] as const satisfies readonly ContentStatus[];
const MAX_DAYS = 366;

const calendarInput = z.object({
  from: z.date(),
  to: z.date(),
  platform: z.enum(Platform).nullish(),
  status: z.enum(ContentStatus).nullish(),
});

/**
 * The business's scheduled and published content whose date (scheduledAt, or publishedAt when it
 * was never scheduled) falls in [from, to): what a calendar view shows.
 */
export async function calendarWhere({ viewer }: ServiceContext, { businessId, filters }: { businessId: string; filters: unknown }) {
  const { from, to, platform, status } = parseInput(calendarInput, filters, []);
  if (to <= from) throw new ValidationError([{ path: ['to'], message: 'Must be after from' }]);
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new ValidationError([{ path: ['to'], message: `Ask for at most ${MAX_DAYS} days at a time` }]);
  if (status && !(calendarStatuses as readonly string[]).includes(status)) {
    throw new ValidationError([{ path: ['status'], message: `The calendar shows ${calendarStatuses.join(', ')} content` }]);
  }
  await findBusinessFor(viewer, businessId, 'read');
  const range = { gte: from, lt: to };
  return {
    businessId,
    status: status ?? { in: [...calendarStatuses] },
    ...(platform ? { platform } : {}),
    OR: [{ scheduledAt: range }, { scheduledAt: null, publishedAt: range }],
  } satisfies Prisma.ContentWhereInput;
}

export const calendarOrder: Prisma.ContentOrderByWithRelationInput[] = [{ scheduledAt: 'asc' }, { publishedAt: 'asc' }, { id: 'asc' }];
