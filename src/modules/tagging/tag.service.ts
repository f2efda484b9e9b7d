import { z } from 'zod';
import { authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { TagType } from '../../domain/enums.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { retryingConflicts } from '../../db/conflict-retry.ts';
import { limits, optionalText, parseInput, tagName } from '../../domain/fields.ts';
import { MAX_TAG_SUGGESTIONS, normalizeTag } from '../../domain/tags.ts';
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
  ({ businessId, ...inMemberBusinessWhere(viewer), ...(tagType ? { tagType } : {}) }) satisfies Prisma.TagWhereInput;

export async function listTags(ctx: ServiceContext, { businessId, tagType, query }: { businessId: string; tagType?: TagType | null; query?: TagListQuery }) {
  const where = businessTagsWhere(ctx, { businessId, tagType });
  return findPageInScope(
    query,
    (id) => prisma.tag.count({ where: { ...where, id } }),
    (page) => prisma.tag.findMany({ ...page, where, orderBy: mostUsedFirst }),
  );
}

export function countTags(ctx: ServiceContext, { businessId, tagType }: { businessId: string; tagType?: TagType | null }) {
  return prisma.tag.count({ where: businessTagsWhere(ctx, { businessId, tagType }) });
}

/** The business's tags starting with the prefix (normalised), most used first. */
export async function tagSuggestions(ctx: ServiceContext, { businessId, prefix, first, query }: { businessId: string; prefix: string; first: number; query?: TagQuery }) {
  if (first < 1) throw new ValidationError([{ path: ['first'], message: 'Must be at least 1' }]);
  // Spread before any early return: Pothos counts a selection never spread as a forgotten one.
  const selection = { ...query };
  const normalized = normalizeTag(prefix);
  // A prefix no tag can start with (too long, nothing usable left) suggests nothing, not everything.
  if (normalized === null) return [];
  return prisma.tag.findMany({
    ...selection,
    where: { ...businessTagsWhere(ctx, { businessId }), name: { startsWith: normalized } },
    orderBy: mostUsedFirst,
    take: Math.min(first, MAX_TAG_SUGGESTIONS),
  });
}

export async function createTag({ viewer }: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: TagQuery }) {
  const data = parseInput(createTagInput, input);
  await findBusinessFor(viewer, businessId, 'edit');
  return prisma.tag.create({ ...query, data: { ...data, businessId } }).catch(uniqueName);
}

async function findEditableTag(viewer: Viewer, id: string) {
  const tag = await prisma.tag.findFirst({ where: { id, ...inMemberBusinessWhere(viewer) }, select: { id: true, businessId: true } });
  return authorizeRow(viewer, tag, 'Tag', 'edit');
}

export async function updateTag({ viewer }: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: TagQuery }) {
  const data = parseInput(updateTagInput, input);
  await findEditableTag(viewer, id);
  return prisma.tag.update({ ...query, where: { id }, data }).catch(uniqueName);
}

export async function deleteTag({ viewer }: ServiceContext, { id }: { id: string }) {
  await findEditableTag(viewer, id);
  // A tagging run moving the same links may deadlock with it (PostgreSQL rolls one back): run it again.
  await retryingConflicts(() =>
    prisma.$transaction(async (tx) => {
      // Deleted here, not by the foreign key's cascade, so the trail records each content losing the tag.
      await tx.contentTag.deleteMany({ where: { tagId: id } });
      const { count } = await tx.tag.deleteMany({ where: { id } });
      if (count === 0) throw new NotFoundError('Tag');
    }),
  );
}
