import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { requireAdmin } from '../../auth/viewer.ts';
import type { ServiceContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { limits, optionalText, parseInput, text } from '../../domain/fields.ts';

type CategoryQuery = Pick<Prisma.CategoryDefaultArgs, 'include' | 'select'>;

const categoryFields = {
  name: text(limits.name),
  description: optionalText(limits.longText),
  keywords: z.array(text(100)).max(100).transform((list) => [...new Set(list.map((k) => k.toLowerCase()))]),
  parentId: z.string().nullish(),
};
const createCategoryInput = z.object({ ...categoryFields, keywords: categoryFields.keywords.default([]) });
const updateCategoryInput = z.object(categoryFields).partial();

const uniqueName = conflictOnDuplicate('A category with this name already exists');

async function checkParent(id: string | null, parentId: string | null | undefined) {
  if (!parentId) return;
  // Walk up from the new parent: reaching the category itself would make a cycle.
  for (let current: string | null = parentId; current; ) {
    if (current === id) throw new ValidationError([{ path: ['input', 'parentId'], message: 'A category cannot be its own ancestor' }]);
    const parent: { parentId: string | null } | null = await prisma.category.findUnique({ where: { id: current }, select: { parentId: true } });
    if (!parent) throw new NotFoundError('Category');
    current = parent.parentId;
  }
}

export async function createCategory({ viewer }: ServiceContext, { input, query }: { input: unknown; query?: CategoryQuery }) {
  requireAdmin(viewer);
  const data = parseInput(createCategoryInput, input);
  await checkParent(null, data.parentId);
  return prisma.category.create({ ...query, data }).catch(uniqueName);
}

export async function updateCategory({ viewer }: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: CategoryQuery }) {
  requireAdmin(viewer);
  const data = parseInput(updateCategoryInput, input);
  if (!(await prisma.category.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('Category');
  await checkParent(id, data.parentId);
  return prisma.category.update({ ...query, where: { id }, data }).catch(uniqueName);
}

/** Children move up to the deleted category's parent; content loses the category. */
export async function deleteCategory({ viewer }: ServiceContext, { id }: { id: string }) {
  requireAdmin(viewer);
  const category = await prisma.category.findUnique({ where: { id } });
  if (!category) throw new NotFoundError('Category');
  await prisma.$transaction(async (tx) => {
    await tx.category.updateMany({ where: { parentId: id }, data: { parentId: category.parentId } });
    // Cleared here, not by the foreign key's SET NULL, so each business's trail records it.
    await tx.content.updateMany({ where: { primaryCategoryId: id }, data: { primaryCategoryId: null } });
    await tx.campaign.updateMany({ where: { primaryCategoryId: id }, data: { primaryCategoryId: null } });
    await tx.category.delete({ where: { id } });
  });
}
