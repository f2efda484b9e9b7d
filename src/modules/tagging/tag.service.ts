import { z } from 'zod';
import { findOwnedBusiness, inOwnedBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { TagType } from '../../domain/enums.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { limits, optionalText, parseInput, tagName } from '../../domain/fields.ts';
import { normalizeTag } from '../../domain/tags.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';

// Tags belong to one business: only its owner lists, suggests, creates, changes or deletes them.

type TagQuery = Pick<Prisma.TagDefaultArgs, 'include' | 'select'>;
type TagListQuery = Omit<Prisma.TagFindManyArgs, 'where' | 'orderBy'>;

const tagFields = {
  name: tagName,
  tagType: z.enum(TagType),
  description: optionalText(limits.shortText),
  relatedTags: z.array(tagName).max(20).transform((list) => [...new Set(list)]),
};
const createTagInput = z.object({ ...tagFields, tagType: tagFields.tagType.default('TOPIC'), relatedTags: tagFields.relatedTags.default([]) });
const updateTagInput = z.object(tagFields).partial();

const uniqueName = conflictOnDuplicate('This business already has a tag with this name');
const mostUsedFirst: Prisma.TagOrderByWithRelationInput[] = [{ usageCount: 'desc' }, { name: 'asc' }, { id: 'asc' }];

/** The tags of a business the viewer owns; another tenant's or an unknown business has none. */
const businessTagsWhere = ({ viewer }: ServiceContext, { businessId, tagType }: { businessId: string; tagType?: TagType | null }) =>
  ({ businessId, ...inOwnedBusinessWhere(viewer), ...(tagType ? { tagType } : {}) }) satisfies Prisma.TagWhereInput;

export function listTags(ctx: ServiceContext, { businessId, tagType, query }: { businessId: string; tagType?: TagType | null; query?: TagListQuery }) {
  return prisma.tag.findMany({ ...query, where: businessTagsWhere(ctx, { businessId, tagType }), orderBy: mostUsedFirst });
}

export function countTags(ctx: ServiceContext, { businessId, tagType }: { businessId: string; tagType?: TagType | null }) {
  return prisma.tag.count({ where: businessTagsWhere(ctx, { businessId, tagType }) });
}

/** The business's tags starting with the prefix (normalised), most used first. */
export function tagSuggestions(ctx: ServiceContext, { businessId, prefix, first, query }: { businessId: string; prefix: string; first: number; query?: TagQuery }) {
  const normalized = normalizeTag(prefix) ?? '';
  return prisma.tag.findMany({
    ...query,
    where: { ...businessTagsWhere(ctx, { businessId }), name: { startsWith: normalized } },
    orderBy: mostUsedFirst,
    take: Math.min(Math.max(first, 1), 50),
  });
}

export async function createTag({ viewer }: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: TagQuery }) {
  const data = parseInput(createTagInput, input);
  await findOwnedBusiness(viewer, businessId);
  return prisma.tag.create({ ...query, data: { ...data, businessId } }).catch(uniqueName);
}

async function findOwnedTag(viewer: Viewer, id: string) {
  const tag = await prisma.tag.findFirst({ where: { id, ...inOwnedBusinessWhere(viewer) }, select: { id: true } });
  if (!tag) throw new NotFoundError('Tag');
  return tag;
}

export async function updateTag({ viewer }: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: TagQuery }) {
  const data = parseInput(updateTagInput, input);
  await findOwnedTag(viewer, id);
  return prisma.tag.update({ ...query, where: { id }, data }).catch(uniqueName);
}

export async function deleteTag({ viewer }: ServiceContext, { id }: { id: string }) {
  const { count } = await prisma.tag.deleteMany({ where: { id, ...inOwnedBusinessWhere(viewer) } });
  if (count === 0) throw new NotFoundError('Tag');
}
