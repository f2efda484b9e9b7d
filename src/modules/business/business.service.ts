import { z } from 'zod';
import { checkKeyScope, findBusinessFor, memberBusinessWhere } from '../../auth/tenancy.ts';
import { requirePerson } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { pageAfter } from '../../db/cursor-scope.ts';
import { nullableJsonUpdate } from '../../db/json.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { Industry, Platform } from '../../domain/enums.ts';
import { distinctList, limits, optionalText, pageInput, parseInput, text, textList } from '../../domain/fields.ts';

const targetAudience = z.object({
  ageRange: optionalText(50),
  genderFocus: optionalText(50),
  location: optionalText(limits.name),
  interests: textList(limits.listItems, 100).default([]),
});

const contentPreferences = z.object({
  platforms: distinctList(z.enum(Platform), 8).default([]),
  tone: optionalText(100),
  postFrequencyPerWeek: z.number().int().min(0, 'Must not be negative').max(100, 'Must be at most 100').nullish(),
});

const businessFields = {
  name: text(limits.name),
  industry: z.enum(Industry),
  description: optionalText(limits.longText),
  targetAudience: targetAudience.nullish(),
  brandVoice: optionalText(limits.shortText),
  contentPreferences: contentPreferences.nullish(),
  autoReplyThreshold: z.number().min(0, 'Must be between 0 and 1').max(1, 'Must be between 0 and 1').optional(),
  requireApproval: z.boolean().nullish(),
};

type BusinessQuery = Pick<Prisma.BusinessDefaultArgs, 'include' | 'select'>;

const createBusinessInput = z.object(businessFields);
const updateBusinessInput = z.object(businessFields).partial();

/** The businesses the viewer is a member of (for a key, its own), newest first, with the viewer's role in each. */
export async function listBusinesses(ctx: ServiceContext, { page }: { page: unknown }) {
  const { first, after } = parseInput(pageInput, page, []);
  checkKeyScope(ctx.viewer, 'read');
  const where = memberBusinessWhere(ctx.viewer);
  const found = await pageAfter(
    { first, after },
    (id) => prisma.business.count({ where: { ...where, id } }),
    (window) =>
      prisma.business.findMany({
        ...window,
        where,
        include: { memberships: { where: { userId: ctx.viewer.id }, select: { role: true } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  );
  return { ...found, items: found.items.map(({ memberships: [membership], ...business }) => ({ ...business, viewerRole: membership.role })) };
}

/** A business the viewer may read, with their role in it; NOT_FOUND for anyone else's. */
export async function getBusiness(ctx: ServiceContext, { id }: { id: string }) {
  const { access, ...business } = await findBusinessFor(ctx.viewer, id, 'read');
  return { ...business, viewerRole: access.role };
}

export async function createBusiness(ctx: ServiceContext, { input, query }: { input: unknown; query?: BusinessQuery }) {
  requirePerson(ctx.viewer, 'create a business');
  const data = parseInput(createBusinessInput, input);
  // The owner's membership is a write of its own (not a nested create), so the audit trail has it.
  return prisma.$transaction(async (tx) => {
    const { id } = await tx.business.create({
      select: { id: true },
      data: { ...data, ownerId: ctx.viewer.id, targetAudience: data.targetAudience ?? undefined, contentPreferences: data.contentPreferences ?? undefined },
    });
    await tx.membership.create({ data: { businessId: id, userId: ctx.viewer.id, role: 'OWNER' } });
    return tx.business.findUniqueOrThrow({ ...query, where: { id } });
  });
}

export async function updateBusiness(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: BusinessQuery }) {
  const data = parseInput(updateBusinessInput, input);
  await findBusinessFor(ctx.viewer, id, 'manageSettings');
  return prisma.business.update({
    ...query,
    where: { id },
    data: {
      ...data,
      targetAudience: nullableJsonUpdate(data.targetAudience),
      contentPreferences: nullableJsonUpdate(data.contentPreferences),
    },
  });
}
