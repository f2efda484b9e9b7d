import { findBusinessFor } from '../../auth/tenancy.ts';
import { requirePerson } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { findPageInScope } from '../../db/cursor-scope.ts';
import { ConflictError, InvalidTransitionError } from '../../domain/errors.ts';
import { builder } from '../../graphql/builder.ts';
import { globalId, localId } from '../../graphql/ids.ts';
import { visibleUserField } from '../account/user.schema.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { CampaignNode } from '../campaign/campaign.schema.ts';
import { ContentNode } from '../content/content.schema.ts';
import { MessageNode } from '../message/message.schema.ts';
import { entityName, purgeFromTrash, restoreFromTrash, trashBusiness, trashCampaign, trashContent, trashMessage } from './trash.service.ts';
import type { TrashItem } from '../../generated/prisma-postgresql/client.ts';
import type { TrashKind } from './trash-tree.ts';

const TrashKindEnum = builder.enumType('TrashKind', { values: ['BUSINESS', 'CAMPAIGN', 'CONTENT', 'MESSAGE'] as const });

export const TrashItemRef = builder.prismaObject('TrashItem', {
  description: 'Something deleted, with everything deleted with it; restorable until `purgeAt`.',
  fields: (t) => ({
    id: t.id({ resolve: (item) => globalId('TrashItem', item.id) }),
    kind: t.field({ type: TrashKindEnum, resolve: (item) => item.kind }),
    entityId: t.id({
      description: 'The global ID the deleted object had, and has again once restored.',
      resolve: (item) => globalId(entityName[item.kind], item.entityId),
    }),
    name: t.exposeString('name', { description: "The object's name, title or first words." }),
    deletedBy: t.field(visibleUserField('deletedBy', 'Who deleted it; null when they share no business with you any more.')),
    deletedAt: t.expose('deletedAt', { type: 'DateTime' }),
    purgeAt: t.expose('purgeAt', { type: 'DateTime', description: 'When it is erased for good unless restored first.' }),
    rowCount: t.exposeInt('rowCount', { description: 'How many records were deleted with it (itself included).' }),
  }),
});

const TrashedObject = builder.unionType('TrashedObject', {
  types: [BusinessNode, CampaignNode, ContentNode, MessageNode],
  resolveType: (value) => ('industry' in value ? BusinessNode : 'goal' in value ? CampaignNode : 'caption' in value ? ContentNode : MessageNode),
});

const DeletedBusiness = builder.objectRef<{ deletedId: string; trashItem: TrashItem }>('DeletedBusiness').implement({
  fields: (t) => ({
    deletedId: t.exposeID('deletedId', { description: 'The global ID of the deleted business.' }),
    trashItem: t.field({ type: TrashItemRef, resolve: (deleted) => deleted.trashItem, description: 'Where it is now: its owner can restore it until `purgeAt`.' }),
  }),
});

const RestoredFromTrash = builder.objectRef<{ restored: unknown }>('RestoredFromTrash').implement({
  fields: (t) => ({ restored: t.field({ type: TrashedObject, resolve: (payload) => payload.restored as never, description: 'The object, back under its old ID.' }) }),
});

const PurgedFromTrash = builder.simpleObject('PurgedFromTrash', { fields: (t) => ({ purgedId: t.id({ description: 'The global ID of the erased trash item.' }) }) });

const trashConnectionOrder = [{ deletedAt: 'desc' as const }, { id: 'desc' as const }];

builder.queryFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    trash: signedIn.prismaConnection({
      type: TrashItemRef,
      cursor: 'id',
      description: "What was deleted from a business (its campaigns, content and messages), most recent first. Every member may see it.",
      args: { businessId: t.arg.id({ required: true }) },
      totalCount: async (_connection, args, ctx) => {
        const businessId = localId(args.businessId, 'Business');
        await findBusinessFor(ctx.viewer, businessId, 'read');
        return prisma.trashItem.count({ where: { businessId, kind: { not: 'BUSINESS' } } });
      },
      resolve: async (query, _root, args, ctx) => {
        const businessId = localId(args.businessId, 'Business');
        await findBusinessFor(ctx.viewer, businessId, 'read');
        const where = { businessId, kind: { not: 'BUSINESS' as const } };
        return findPageInScope(
          query,
          (id) => prisma.trashItem.count({ where: { ...where, id } }),
          (page) => prisma.trashItem.findMany({ ...page, where, orderBy: trashConnectionOrder }),
        );
      },
    }),
    trashedBusinesses: signedIn.prismaConnection({
      type: TrashItemRef,
      cursor: 'id',
      description: 'The businesses you deleted as their owner, most recent first: only you may restore them.',
      totalCount: (_connection, _args, ctx) => prisma.trashItem.count({ where: { ownerId: requirePerson(ctx.viewer, 'list deleted businesses').id, kind: 'BUSINESS' } }),
      resolve: (query, _root, _args, ctx) => {
        const where = { ownerId: requirePerson(ctx.viewer, 'list deleted businesses').id, kind: 'BUSINESS' as const };
        return findPageInScope(
          query,
          (id) => prisma.trashItem.count({ where: { ...where, id } }),
          (page) => prisma.trashItem.findMany({ ...page, where, orderBy: trashConnectionOrder }),
        );
      },
    }),
  };
});

const IdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });
const inputs = {
  deleteCampaign: IdInput('DeleteCampaignInput'),
  deleteContent: IdInput('DeleteContentInput'),
  deleteMessage: IdInput('DeleteMessageInput'),
  deleteBusiness: IdInput('DeleteBusinessInput'),
  restoreFromTrash: IdInput('RestoreFromTrashInput'),
  purgeFromTrash: IdInput('PurgeFromTrashInput'),
};

const loadRestored = (kind: TrashKind, id: string) => {
  if (kind === 'BUSINESS') return prisma.business.findUniqueOrThrow({ where: { id } });
  if (kind === 'CAMPAIGN') return prisma.campaign.findUniqueOrThrow({ where: { id } });
  if (kind === 'CONTENT') return prisma.content.findUniqueOrThrow({ where: { id } });
  return prisma.message.findUniqueOrThrow({ where: { id } });
};

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  const inFlight = { types: [InvalidTransitionError] };
  return {
    deleteCampaign: signedIn.field({
      type: TrashItemRef,
      errors: inFlight,
      description: 'Moves the campaign and its content to the trash (EDITOR; ADMIN once any of it was approved, scheduled or published). Planned publications are cancelled.',
      args: { input: t.arg({ type: inputs.deleteCampaign, required: true }) },
      resolve: (_root, { input }, ctx) => trashCampaign(ctx, { id: localId(input.id, 'Campaign') }),
    }),
    deleteContent: signedIn.field({
      type: TrashItemRef,
      errors: inFlight,
      description: 'Moves the content to the trash (EDITOR; ADMIN once it was approved, scheduled or published). Its planned publication is cancelled.',
      args: { input: t.arg({ type: inputs.deleteContent, required: true }) },
      resolve: (_root, { input }, ctx) => trashContent(ctx, { id: localId(input.id, 'Content') }),
    }),
    deleteMessage: signedIn.field({
      type: TrashItemRef,
      errors: {},
      description: 'Moves the message to the trash (EDITOR).',
      args: { input: t.arg({ type: inputs.deleteMessage, required: true }) },
      resolve: (_root, { input }, ctx) => trashMessage(ctx, { id: localId(input.id, 'Message') }),
    }),
    deleteBusiness: signedIn.field({
      type: DeletedBusiness,
      errors: inFlight,
      description: 'Moves the business with everything in it to the trash (OWNER): its members, keys and webhooks stop working at once. Only its owner sees it there (trashedBusinesses) and may restore it.',
      args: { input: t.arg({ type: inputs.deleteBusiness, required: true }) },
      resolve: async (_root, { input }, ctx) => ({ deletedId: input.id, trashItem: await trashBusiness(ctx, { id: localId(input.id, 'Business') }) }),
    }),
    restoreFromTrash: signedIn.field({
      type: RestoredFromTrash,
      errors: { types: [ConflictError] },
      description:
        'Brings a trash item back with everything deleted with it, under its old ID (what had been deleted before it on its own stays in the trash). Takes the role deleting it took; a business, its owner. Content that was scheduled comes back APPROVED.',
      args: { input: t.arg({ type: inputs.restoreFromTrash, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const restored = await restoreFromTrash(ctx, { id: localId(input.id, 'TrashItem') });
        return { restored: await loadRestored(restored.kind, restored.entityId) };
      },
    }),
    purgeFromTrash: signedIn.field({
      type: PurgedFromTrash,
      errors: {},
      description: 'Erases a trash item now, for good (ADMIN; a business, its owner, with what had been deleted from it).',
      args: { input: t.arg({ type: inputs.purgeFromTrash, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await purgeFromTrash(ctx, { id: localId(input.id, 'TrashItem') });
        return { purgedId: input.id };
      },
    }),
  };
});
