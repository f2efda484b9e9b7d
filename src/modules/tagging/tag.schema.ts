import { inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { ConflictError } from '../../domain/errors.ts';
import { MAX_TAG_SUGGESTIONS } from '../../domain/tags.ts';
import { builder } from '../../graphql/builder.ts';
import { TagTypeEnum } from '../../graphql/enums.ts';
import { localId, localIdForRead } from '../../graphql/ids.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { countTags, createTag, deleteTag, listTags, tagSuggestions, updateTag } from './tag.service.ts';
import { Deleted, DeleteInput } from './taxonomy.schema.ts';

// A business's own tags: its owner reads and changes them; to anyone else they do not exist.

export const TagNode = builder.prismaNode('Tag', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...inMemberBusinessWhere(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    tagType: t.expose('tagType', { type: TagTypeEnum }),
    description: t.exposeString('description', { nullable: true }),
    usageCount: t.exposeInt('usageCount', { description: 'Content items of the business with this tag.' }),
    relatedTags: t.exposeStringList('relatedTags'),
    business: t.relation('business', { type: BusinessNode }),
  }),
});

builder.queryFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    tags: signedIn.prismaConnection({
      type: TagNode,
      cursor: 'id',
      description: "A business's tags, most used first; none for a business that isn't yours.",
      args: { businessId: t.arg.id({ required: true }), tagType: t.arg({ type: TagTypeEnum }) },
      totalCount: (_connection, { businessId, tagType }, ctx) => countTags(ctx, { businessId: localIdForRead(businessId, 'Business'), tagType }),
      resolve: (query, _root, { businessId, tagType }, ctx) => listTags(ctx, { businessId: localIdForRead(businessId, 'Business'), tagType, query }),
    }),
    tagSuggestions: signedIn.prismaField({
      type: [TagNode],
      description: "A business's tags starting with the prefix, most used first (for autocomplete); none for a business that isn't yours.",
      extensions: { maxItems: MAX_TAG_SUGGESTIONS },
      args: {
        businessId: t.arg.id({ required: true }),
        prefix: t.arg.string({ required: true }),
        first: t.arg.int({ defaultValue: 10, description: `At least 1; at most ${MAX_TAG_SUGGESTIONS} are returned.` }),
      },
      resolve: (query, _root, { businessId, prefix, first }, ctx) =>
        tagSuggestions(ctx, { businessId: localIdForRead(businessId, 'Business'), prefix, first: first ?? 10, query }),
    }),
  };
});

const TagInput = createAndUpdateInputs('Tag', {
  createOnly: (t) => ({ businessId: t.id({ required: true }) }),
  fields: (t, onCreate) => ({
    name: t.string({ required: onCreate }),
    tagType: t.field({ type: TagTypeEnum }),
    description: t.string(),
    relatedTags: t.stringList(),
  }),
});

const tagErrors = { types: [ConflictError] };

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createTag: signedIn.prismaField({
      type: TagNode,
      errors: tagErrors,
      description: 'Adds a tag to a business you are a member of.',
      args: { input: t.arg({ type: TagInput.create, required: true }) },
      resolve: (query, _root, { input: { businessId, ...input } }, ctx) => createTag(ctx, { businessId: localId(businessId, 'Business'), input, query }),
    }),
    updateTag: signedIn.prismaField({
      type: TagNode,
      errors: tagErrors,
      args: { input: t.arg({ type: TagInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateTag(ctx, { id: localId(id, 'Tag'), input, query }),
    }),
    deleteTag: signedIn.field({
      type: Deleted,
      errors: {},
      args: { input: t.arg({ type: DeleteInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await deleteTag(ctx, { id: localId(input.id, 'Tag') });
        return { deletedId: input.id };
      },
    }),
  };
});
