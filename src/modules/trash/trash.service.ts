import type { AppContext, ServiceContext } from '../../context.ts';
import { authorize, checkRole, findBusinessFor, findCampaignFor, findContentFor, authorizeRow, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import { withRowsMuted } from '../../audit/audit-scope.ts';
import { type AuditChange, recordAudit } from '../../audit/record-audit.ts';
import { prisma } from '../../db/client.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../domain/errors.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import { type Access, type Permission, permissionToTrash } from '../../domain/roles.ts';
import type { TrashItem } from '../../generated/prisma-postgresql/client.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { announceMembership } from '../membership/membership-events.ts';
import { invalidateRollups } from '../analytics/rollup-invalidation.ts';
import { cancelPublishing } from '../publishing/scheduling.ts';
import { lockRows } from './trash-locks.ts';
import { writeRowsBack, type TrashedTable } from './trash-rows.ts';
import { collectTrashedRows, type TrashKind } from './trash-tree.ts';

const DAY_MS = 86_400_000;
/**
 * Moving a large campaign or business (thousands of analytics rows) takes longer than Prisma's
 * 5 s default for a transaction; past it the transaction fails and a trashed item could never
 * come back.
 */
const TRASH_TRANSACTION = { timeout: 300_000 };

interface Trashing {
  kind: TrashKind;
  entityId: string;
  businessId: string;
  name: string;
  ownerId?: string;
}

const rowsOf = (tables: readonly TrashedTable[], model: string) => tables.filter((table) => table.model === model).flatMap((table) => table.rows);

/** Tag usage counts follow the content that carries the tags (a whole business's tags go with it). */
async function adjustTagUsage(tx: Transaction, tables: readonly TrashedTable[], by: 1 | -1) {
  const perTag = new Map<string, number>();
  for (const row of rowsOf(tables, 'contentTag')) perTag.set(row.tagId as string, (perTag.get(row.tagId as string) ?? 0) + 1);
  for (const [tagId, count] of perTag) {
    await tx.tag.updateMany({ where: { id: tagId }, data: { usageCount: by > 0 ? { increment: count } : { decrement: count } } });
  }
}

/** Refuses what work in progress still writes to: content being published, a campaign being generated. */
function checkNothingInFlight(tables: readonly TrashedTable[]) {
  const publishing = rowsOf(tables, 'content').find((row) => row.status === 'PUBLISHING');
  if (publishing) throw new InvalidTransitionError('Content', 'PUBLISHING', 'TRASH', [], 'Content is being published: delete it once it is PUBLISHED or FAILED');
  const generating = rowsOf(tables, 'campaign').find((row) => row.generationStatus === 'PENDING' || row.generationStatus === 'RUNNING');
  if (generating) throw new InvalidTransitionError('Campaign', String(generating.generationStatus), 'TRASH', [], 'The campaign is being generated: delete it once generation has finished');
}

/**
 * Moves an object and everything below it to the trash in one transaction: its rows are kept
 * in a TrashItem and deleted from their tables, its planned publications cancelled.
 */
async function moveToTrash(ctx: ServiceContext, what: Trashing, lock: (tx: Transaction) => Promise<void>, check: (tables: TrashedTable[]) => Permission): Promise<TrashItem> {
  const { app, viewer } = ctx;
  // Its rows move as one TRASH event of the object, not as a deletion of each row.
  const item = await withRowsMuted(() => writeWithJobs(app, async (tx) => {
    await lock(tx);
    const tables = await collectTrashedRows(tx, what.kind, what.entityId);
    if (!rowsOf(tables, modelOf[what.kind]).length) throw new NotFoundError(entityName[what.kind]);
    const permission = check(tables);
    checkNothingInFlight(tables);
    for (const content of rowsOf(tables, 'content')) {
      if (content.status === 'SCHEDULED') await cancelPublishing(tx, app.jobs, app.config, content.id as string);
    }
    if (what.kind !== 'BUSINESS') await adjustTagUsage(tx, tables, -1);
    await deleteRoot(tx, what.kind, what.entityId);
    const now = app.clock.now();
    const trashed = await tx.trashItem.create({
      data: {
        kind: what.kind,
        entityId: what.entityId,
        businessId: what.businessId,
        name: what.name,
        ownerId: what.ownerId ?? null,
        deletedById: viewer.id,
        permission,
        deletedAt: now,
        purgeAt: new Date(now.getTime() + app.config.TRASH_RETENTION_DAYS * DAY_MS),
        rowCount: tables.reduce((sum, table) => sum + (table.relink ? 0 : table.rows.length), 0),
        rows: tables.map((table) => ({ model: table.model, rows: table.rows as PrismaJson.ObjectJson[], ...(table.relink ? { relink: table.relink } : {}) })),
      },
    });
    await recordAudit(tx, [trashEvent('TRASH', trashed, { before: null, after: trashed.id })]);
    return trashed;
  }, TRASH_TRANSACTION));
  await invalidateRollupsOf(app, item);
  return item;
}

/** The campaign rollups the item's contents counted in (a deleted business's cache goes with it). */
async function invalidateRollupsOf(app: AppContext, item: Pick<TrashItem, 'kind' | 'businessId' | 'rows'>) {
  if (item.kind !== 'CONTENT' && item.kind !== 'CAMPAIGN') return;
  const campaignIds = new Set(rowsOf(item.rows as unknown as TrashedTable[], 'content').map((row) => row.campaignId as string));
  for (const campaignId of campaignIds) await invalidateRollups(app, { businessId: item.businessId, campaignId });
}

const modelOf = { BUSINESS: 'business', CAMPAIGN: 'campaign', CONTENT: 'content', MESSAGE: 'message' } as const;
export const entityName = { BUSINESS: 'Business', CAMPAIGN: 'Campaign', CONTENT: 'Content', MESSAGE: 'Message' } as const;

async function deleteRoot(tx: Transaction, kind: TrashKind, id: string) {
  if (kind === 'BUSINESS') await tx.business.delete({ where: { id } });
  if (kind === 'CAMPAIGN') await tx.campaign.delete({ where: { id } });
  if (kind === 'CONTENT') await tx.content.delete({ where: { id } });
  if (kind === 'MESSAGE') await tx.message.delete({ where: { id } });
}

/** What deleting these contents takes, checked against the viewer's access (as read under the lock). */
function contentPermission(access: Access, tables: TrashedTable[]): Permission {
  const permission = permissionToTrash(rowsOf(tables, 'content').map((row) => row.status as ContentStatus));
  checkRole(access, permission);
  return permission;
}

export async function trashContent(ctx: ServiceContext, { id }: { id: string }) {
  const content = await findContentFor(ctx.viewer, id, 'edit');
  return moveToTrash(
    ctx,
    { kind: 'CONTENT', entityId: id, businessId: content.businessId, name: content.title ?? content.caption.slice(0, 80) },
    (tx) => lockRows(tx, 'Content', 'id', id),
    (tables) => contentPermission(content.access, tables),
  );
}

export async function trashCampaign(ctx: ServiceContext, { id }: { id: string }) {
  const campaign = await findCampaignFor(ctx.viewer, id, 'edit');
  return moveToTrash(
    ctx,
    { kind: 'CAMPAIGN', entityId: id, businessId: campaign.businessId, name: campaign.name },
    async (tx) => {
      await lockRows(tx, 'Campaign', 'id', id);
      await lockRows(tx, 'Content', 'campaignId', id);
    },
    (tables) => contentPermission(campaign.access, tables),
  );
}

export async function trashMessage(ctx: ServiceContext, { id }: { id: string }) {
  const message = await authorizeRow(ctx.viewer, await prisma.message.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } }), 'Message', 'answerMessages');
  return moveToTrash(
    ctx,
    { kind: 'MESSAGE', entityId: id, businessId: message.businessId, name: message.incomingMessage.slice(0, 80) },
    (tx) => lockRows(tx, 'Message', 'id', id),
    () => 'answerMessages',
  );
}

export async function trashBusiness(ctx: ServiceContext, { id }: { id: string }) {
  const business = await findBusinessFor(ctx.viewer, id, 'deleteBusiness');
  const item = await moveToTrash(
    ctx,
    { kind: 'BUSINESS', entityId: id, businessId: id, name: business.name, ownerId: business.ownerId },
    async (tx) => {
      await lockRows(tx, 'Business', 'id', id);
      await lockRows(tx, 'Content', 'businessId', id);
    },
    () => 'deleteBusiness',
  );
  // Members' open subscriptions to the business end now, as if each had been removed.
  for (const membership of rowsOf(item.rows as unknown as TrashedTable[], 'membership')) {
    announceMembership(ctx.app, { businessId: id, userId: membership.userId as string, role: null, actorId: ctx.viewer.id });
  }
  return item;
}

/**
 * The trash item if the viewer may act on it with `permission` (for a business in the trash:
 * its owner, in person). Anything else is NOT_FOUND, as another tenant's rows are.
 */
async function findTrashItemFor(ctx: ServiceContext, id: string, permission: (item: TrashItem) => Permission): Promise<TrashItem> {
  const item = await prisma.trashItem.findUnique({ where: { id } });
  if (!item) throw new NotFoundError('TrashItem');
  if (item.kind === 'BUSINESS') {
    if (item.ownerId !== ctx.viewer.id) throw new NotFoundError('TrashItem');
    if (ctx.viewer.apiKey) throw new ForbiddenError('An API key cannot restore or erase a deleted business; sign in as its owner');
    return item;
  }
  await authorize(ctx.viewer, item.businessId, permission(item), 'TrashItem');
  return item;
}

/** Content that was scheduled comes back approved: its publication was cancelled with the deletion. */
const unscheduled = (tables: TrashedTable[]): TrashedTable[] =>
  tables.map((table) => (table.model === 'content' ? { ...table, rows: table.rows.map((row) => (row.status === 'SCHEDULED' ? { ...row, status: 'APPROVED' } : row)) } : table));

/** Brings an object back with everything deleted with it; what was deleted before it on its own stays in the trash. */
export async function restoreFromTrash(ctx: ServiceContext, { id }: { id: string }) {
  const item = await findTrashItemFor(ctx, id, (found) => found.permission as Permission);
  await withRowsMuted(() => writeWithJobs(ctx.app, async (tx) => {
    const { count } = await tx.trashItem.deleteMany({ where: { id } });
    if (!count) throw new NotFoundError('TrashItem');
    const tables = unscheduled(item.rows as unknown as TrashedTable[]);
    const root = rowsOf(tables, modelOf[item.kind])[0];
    // What it is restored into may be moving to the trash right now: hold it until the restore is
    // written (or find it gone), or the insert fails on its foreign key.
    if (item.kind !== 'BUSINESS') await lockRows(tx, 'Business', 'id', item.businessId);
    if (item.kind === 'CONTENT') await lockRows(tx, 'Campaign', 'id', root.campaignId as string);
    if (item.kind === 'CONTENT' && !(await tx.campaign.findUnique({ where: { id: root.campaignId as string }, select: { id: true } }))) {
      throw new ConflictError('Its campaign is in the trash (or gone): restore the campaign first');
    }
    const written = await writeRowsBack(tx, tables);
    if (!written.get(modelOf[item.kind])?.length) throw new ConflictError(`The ${entityName[item.kind].toLowerCase()} cannot be restored: what it belonged to is gone`);
    if (item.kind !== 'BUSINESS') await adjustTagUsage(tx, [{ model: 'contentTag', rows: written.get('contentTag') ?? [] }], 1);
    await recordAudit(tx, [trashEvent('RESTORE', item, { before: item.id, after: null })]);
  }, TRASH_TRANSACTION));
  await invalidateRollupsOf(ctx.app, item);
  return { kind: item.kind as TrashKind, entityId: item.entityId };
}

/**
 * Erases items with what only they refer to (embeddings and versions of their contents and
 * campaigns; a business, with the items deleted from it before) and returns those erased. Each
 * item is deleted on its own: one restored since it was read is gone already, and must keep its
 * history and not be recorded as purged.
 */
async function eraseItems(items: readonly ErasedItem[]): Promise<ErasedItem[]> {
  return prisma.$transaction(async (tx) => {
    const erased: ErasedItem[] = [];
    for (const item of items) {
      const { count } = await tx.trashItem.deleteMany({ where: { id: item.id } });
      if (!count) continue;
      erased.push(item);
      if (item.kind !== 'BUSINESS') continue;
      const below = await tx.trashItem.findMany({ where: { businessId: item.entityId, kind: { not: 'BUSINESS' } }, select: erasedColumns });
      await tx.trashItem.deleteMany({ where: { id: { in: below.map((row) => row.id) } } });
      erased.push(...below);
    }
    if (!erased.length) return erased;
    const idsOf = (model: string) => erased.flatMap((item) => rowsOf(item.rows as unknown as TrashedTable[], model).map((row) => row.id as string));
    const contentIds = idsOf('content');
    await tx.embedding.deleteMany({ where: { OR: [{ ownerType: 'CONTENT', ownerId: { in: contentIds } }, { ownerType: 'TAG', ownerId: { in: idsOf('tag') } }] } });
    await tx.version.deleteMany({ where: { OR: [{ entityType: 'CONTENT', entityId: { in: contentIds } }, { entityType: 'CAMPAIGN', entityId: { in: idsOf('campaign') } }] } });
    await recordAudit(tx, erased.map((item) => trashEvent('PURGE', item, { before: item.id, after: null })));
    return erased;
  }, TRASH_TRANSACTION);
}

type ErasedItem = Pick<TrashItem, 'id' | 'kind' | 'entityId' | 'businessId' | 'name' | 'rows'>;
const erasedColumns = { id: true, kind: true, entityId: true, businessId: true, name: true, rows: true } as const;

/** The trail's event of a move into, out of, or out of existence from, the trash: of the object, with its trash item. */
const trashEvent = (action: 'TRASH' | 'RESTORE' | 'PURGE', item: Pick<TrashItem, 'kind' | 'entityId' | 'businessId' | 'name'>, trashItem: { before: string | null; after: string | null }): AuditChange => ({
  action,
  entityType: entityName[item.kind as TrashKind],
  entityId: item.entityId,
  businessId: item.businessId,
  changes: { trashItem, name: { before: item.name, after: item.name } },
});

/** Erases an item now (a deleted business with what had been deleted from it before). */
export async function purgeFromTrash(ctx: ServiceContext, { id }: { id: string }) {
  const item = await findTrashItemFor(ctx, id, () => 'purgeTrash');
  if (!(await eraseItems([item])).length) throw new NotFoundError('TrashItem');
  return { purgedId: id };
}

/** For the purge job: erases items whose time in the trash is over, a batch at a time. */
export async function purgeExpiredTrash(app: AppContext, now: Date, batch: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const items = await prisma.trashItem.findMany({ where: { purgeAt: { lte: now } }, select: erasedColumns, take: batch, orderBy: { purgeAt: 'asc' } });
    if (!items.length) return purged;
    purged += (await eraseItems(items)).length;
    app.logger.debug({ purged }, 'purged trash items');
    if (items.length < batch) return purged;
  }
}
