import { authorize } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import { holdRow, knownRow, rememberRow } from '../../db/held-rows.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { VersionSource } from '../../domain/enums.ts';
import type { Transaction } from '../../jobs/job-queue.ts';
import { campaignDateFields, campaignRestorableFields, campaignVersionedFields, contentRestorableFields, contentVersionedFields, versionOf } from './versioned-fields.ts';

type Row = Record<string, unknown>;

/** Who or what made a change: a viewer (as themselves or through a key), or a rule. */
export type VersionAuthor = { source: Exclude<VersionSource, 'RULE'>; viewer: Viewer } | { source: 'RULE'; ruleId: string; actorId: string | null };

const authorColumns = (author: VersionAuthor) =>
  author.source === 'RULE'
    ? { source: author.source, ruleId: author.ruleId, actorId: author.actorId }
    : { source: author.source, actorId: author.viewer.id, apiKeyId: author.viewer.apiKey?.id ?? null };

const tagNamesOf = async (tx: Transaction, contentId: string) =>
  (await tx.contentTag.findMany({ where: { contentId }, select: { tag: { select: { name: true } } } })).map((row) => row.tag.name).sort();

const writesAny = (fields: readonly string[], after: Row) => fields.some((field) => after[field] !== undefined);

/**
 * The row as it is now, held until the change is written: the row read before the transaction may
 * be older than a concurrent edit that committed since, whose result is what this change replaces.
 */
export async function heldAsItIs<R extends Row & { id: string; businessId: string }>(tx: Transaction, table: 'Content' | 'Campaign', read: R): Promise<R> {
  const key = { id: read.id };
  let current = knownRow(tx, table, key);
  if (!current) {
    const held = await holdRow(tx, table, key);
    const delegate = (table === 'Content' ? tx.content : tx.campaign) as unknown as { findUnique(args: object): Promise<Row | null> };
    current = (await delegate.findUnique({ where: key })) ?? undefined;
    if (current && held) rememberRow(tx, table, key, current);
  }
  return current ? ({ ...read, ...current } as R) : read;
}

/**
 * Keeps the content as it was before a change, in the transaction that writes the change.
 * `after` holds the fields written (`tags`: the names after the change, when they change).
 */
export async function recordContentVersion(tx: Transaction, read: Row & { id: string; businessId: string }, after: Row, author: VersionAuthor): Promise<void> {
  const afterTags = Array.isArray(after.tags) ? { tags: [...(after.tags as string[])].sort() } : {};
  // Most edits write no versioned column (a schedule, say): then nothing more need be read.
  if (!writesAny(contentVersionedFields, after)) return;
  const before = await heldAsItIs(tx, 'Content', read);
  const version = versionOf(contentVersionedFields, { ...before, tags: await tagNamesOf(tx, before.id) }, { ...after, ...afterTags });
  if (!version) return;
  await tx.version.create({ data: { entityType: 'CONTENT', entityId: before.id, businessId: before.businessId, ...version, previous: version.previous as PrismaJson.ObjectJson, ...authorColumns(author) } });
}

/** `held`: `read` was read under the row's lock in this transaction, before the change was written. */
export async function recordCampaignVersion(tx: Transaction, read: Row & { id: string; businessId: string }, after: Row, author: VersionAuthor, { held = false } = {}): Promise<void> {
  if (!writesAny(campaignVersionedFields, after)) return;
  const version = versionOf(campaignVersionedFields, held ? read : await heldAsItIs(tx, 'Campaign', read), after);
  if (!version) return;
  await tx.version.create({ data: { entityType: 'CAMPAIGN', entityId: read.id, businessId: read.businessId, ...version, previous: version.previous as PrismaJson.ObjectJson, ...authorColumns(author) } });
}

/** A version the viewer may read (a member of its business), or NOT_FOUND. */
export async function findVersionFor(viewer: Viewer, id: string) {
  const version = await prisma.version.findUnique({ where: { id } });
  if (!version) throw new NotFoundError('Version');
  await authorize(viewer, version.businessId, 'read', 'Version');
  return version;
}

/**
 * What restoring a version writes, as an update's input: its restorable fields (dates revived).
 * The update itself (with its permission checks, approval rules and a new version) is the caller's.
 */
export function restoreInputOf(version: { entityType: 'CAMPAIGN' | 'CONTENT'; previous: unknown }): Row {
  const previous = version.previous as Row;
  const fields: readonly string[] = version.entityType === 'CONTENT' ? contentRestorableFields : campaignRestorableFields;
  return Object.fromEntries(
    fields.filter((field) => field in previous).map((field) => [field, campaignDateFields.includes(field) && typeof previous[field] === 'string' ? new Date(previous[field] as string) : previous[field]]),
  );
}

