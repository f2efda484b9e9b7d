import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { TagType } from '../../domain/enums.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { requireAdmin } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { normalizeTag } from '../../domain/tags.ts';
import { limits, optionalText, parseInput, tagName } from '../../domain/fields.ts';

type TagQuery = Pick<Prisma.TagDefaultArgs, 'include' | 'select'>;

const tagFields = {
  name: tagName,
  tagType: z.enum(TagType),
  description: optionalText(limits.shortText),
  relatedTags: z.array(tagName).max(20).transform((list) => [...new Set(list)]),
};
const createTagInput = z.object({ ...tagFields, tagType: tagFields.tagType.default('TOPIC'), relatedTags: tagFields.relatedTags.default([]) });
const updateTagInput = z.object(tagFields).partial();

const uniqueName = conflictOnDuplicate('A tag with this name already exists');

export async function createTag({ viewer }: ServiceContext, { input, query }: { input: unknown; query?: TagQuery }) {
  requireAdmin(viewer);
  return prisma.tag.create({ ...query, data: parseInput(createTagInput, input) }).catch(uniqueName);
}

export async function updateTag({ viewer }: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: TagQuery }) {
  requireAdmin(viewer);
  const data = parseInput(updateTagInput, input);
  if (!(await prisma.tag.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('Tag');
  return prisma.tag.update({ ...query, where: { id }, data }).catch(uniqueName);
}

export async function deleteTag({ viewer }: ServiceContext, { id }: { id: string }) {
  requireAdmin(viewer);
  const { count } = await prisma.tag.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError('Tag');
}

/** Tags starting with the prefix (normalised), most used first. */
export function tagSuggestions({ prefix, first, query }: { prefix: string; first: number; query?: TagQuery }) {
  const normalized = normalizeTag(prefix) ?? '';
  return prisma.tag.findMany({
    ...query,
    where: { name: { startsWith: normalized } },
    orderBy: [{ usageCount: 'desc' }, { name: 'asc' }],
    take: Math.min(Math.max(first, 1), 50),
  });
}
