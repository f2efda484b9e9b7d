import { prisma } from '../../db/client.ts';
import { ConflictError, ForbiddenError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { categoryUsageCount } from './category-usage.ts';
import { createCategory, deleteCategory, updateCategory } from './category.service.ts';

// The shared marketing taxonomy: everyone reads it, admins change it. How much a business uses
// a category is that business's own figure.

export const CategoryNode = builder.prismaNode('Category', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    keywords: t.exposeStringList('keywords'),
    usageCount: t.int({
      description: "Content items of the business with this primary category; 0 for a business that isn't yours.",
      args: { businessId: t.arg.id({ required: true }) },
      resolve: (category, { businessId }, ctx) => categoryUsageCount(ctx, { businessId: localIdForRead(businessId, 'Business'), categoryId: category.id }),
    }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { name: 'asc' } } }),
  }),
});

builder.queryFields((t) => ({
  categories: t.prismaField({
    type: [CategoryNode],
    description: 'The taxonomy: top-level categories (with `children`), or the children of `parentId`.',
    args: { parentId: t.arg.id() },
    resolve: (query, _root, { parentId }) =>
      prisma.category.findMany({ ...query, where: { parentId: parentId ? localId(parentId, 'Category') : null }, orderBy: { name: 'asc' } }),
  }),
}));

const CategoryInput = createAndUpdateInputs('Category', {
  fields: (t, onCreate) => ({ name: t.string({ required: onCreate }), description: t.string(), keywords: t.stringList(), parentId: t.id() }),
});

export const DeleteInput = builder.inputType('DeleteByIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
export const Deleted = builder.simpleObject('Deleted', { fields: (t) => ({ deletedId: t.id() }) });

const adminErrors = { types: [ForbiddenError, ConflictError] };
// null clears the parent; any string must be a category's ID (an empty one is NOT_FOUND).
const parentOf = (parentId: string | null | undefined) => (typeof parentId === 'string' ? localId(parentId, 'Category') : parentId);

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createCategory: signedIn.prismaField({
      type: CategoryNode,
      errors: adminErrors,
      args: { input: t.arg({ type: CategoryInput.create, required: true }) },
      resolve: (query, _root, { input }, ctx) => createCategory(ctx, { input: { ...input, parentId: parentOf(input.parentId) }, query }),
    }),
    updateCategory: signedIn.prismaField({
      type: CategoryNode,
      errors: adminErrors,
      args: { input: t.arg({ type: CategoryInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) =>
        updateCategory(ctx, { id: localId(id, 'Category'), input: { ...input, parentId: parentOf(input.parentId) }, query }),
    }),
    deleteCategory: signedIn.field({
      type: Deleted,
      errors: adminErrors,
      args: { input: t.arg({ type: DeleteInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await deleteCategory(ctx, { id: localId(input.id, 'Category') });
        return { deletedId: input.id };
      },
    }),
  };
});
