import { prisma } from '../../db/client.ts';
import { ConflictError, ForbiddenError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { TagTypeEnum } from '../../graphql/enums.ts';
import { localId } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { createCategory, deleteCategory, updateCategory } from './category.service.ts';
import { createTag, deleteTag, tagSuggestions, updateTag } from './tag.service.ts';

// The shared marketing taxonomy: everyone reads it, admins change it.

export const CategoryNode = builder.prismaNode('Category', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    keywords: t.exposeStringList('keywords'),
    usageCount: t.exposeInt('usageCount', { description: 'Content items with this primary category.' }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { name: 'asc' } } }),
  }),
});

export const TagNode = builder.prismaNode('Tag', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    tagType: t.expose('tagType', { type: TagTypeEnum }),
    description: t.exposeString('description', { nullable: true }),
    usageCount: t.exposeInt('usageCount'),
    relatedTags: t.exposeStringList('relatedTags'),
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
  tags: t.prismaConnection({
    type: TagNode,
    cursor: 'id',
    description: 'Tags, most used first.',
    args: { tagType: t.arg({ type: TagTypeEnum }) },
    totalCount: (_connection, { tagType }) => prisma.tag.count({ where: tagType ? { tagType } : {} }),
    resolve: (query, _root, { tagType }) =>
      prisma.tag.findMany({ ...query, where: tagType ? { tagType } : {}, orderBy: [{ usageCount: 'desc' }, { name: 'asc' }, { id: 'asc' }] }),
  }),
  tagSuggestions: t.prismaField({
    type: [TagNode],
    description: 'Tags starting with the prefix, most used first (for autocomplete).',
    args: { prefix: t.arg.string({ required: true }), first: t.arg.int({ defaultValue: 10 }) },
    resolve: (query, _root, { prefix, first }) => tagSuggestions({ prefix, first: first ?? 10, query }),
  }),
}));

const CategoryInput = createAndUpdateInputs('Category', {
  fields: (t, onCreate) => ({ name: t.string({ required: onCreate }), description: t.string(), keywords: t.stringList(), parentId: t.id() }),
});

const TagInput = createAndUpdateInputs('Tag', {
  fields: (t, onCreate) => ({
    name: t.string({ required: onCreate }),
    tagType: t.field({ type: TagTypeEnum }),
    description: t.string(),
    relatedTags: t.stringList(),
  }),
});

const DeleteInput = builder.inputType('DeleteByIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const Deleted = builder.simpleObject('Deleted', { fields: (t) => ({ deletedId: t.id() }) });

const adminErrors = { types: [ForbiddenError, ConflictError] };
const parentOf = (parentId: string | null | undefined) => (parentId ? localId(parentId, 'Category') : parentId);

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
    createTag: signedIn.prismaField({
      type: TagNode,
      errors: adminErrors,
      args: { input: t.arg({ type: TagInput.create, required: true }) },
      resolve: (query, _root, { input }, ctx) => createTag(ctx, { input, query }),
    }),
    updateTag: signedIn.prismaField({
      type: TagNode,
      errors: adminErrors,
      args: { input: t.arg({ type: TagInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateTag(ctx, { id: localId(id, 'Tag'), input, query }),
    }),
    deleteTag: signedIn.field({
      type: Deleted,
      errors: adminErrors,
      args: { input: t.arg({ type: DeleteInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await deleteTag(ctx, { id: localId(input.id, 'Tag') });
        return { deletedId: input.id };
      },
    }),
  };
});
