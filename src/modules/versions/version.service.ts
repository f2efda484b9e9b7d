import { authorize } from '../../auth/tenancy.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
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

/**
 * Keeps the content as it was before a change, in the transaction that writes the change.
 * `after` holds the fields written (`tags`: the names after the change, when they change).
 */
export async function recordContentVersion(tx: Transaction, before: Row & { id: string; businessId: string }, after: Row, author: VersionAuthor): Promise<void> {
  const afterTags = Array.isArray(after.tags) ? { tags: [...(after.tags as string[])].sort() } : {};
  // Most edits change no versioned column (a schedule, say): then the tags need not be read.
  if (!afterTags.tags && !versionOf(contentVersionedFields, before, after)) return;
  const version = versionOf(contentVersionedFields, { ...before, tags: await tagNamesOf(tx, before.id) }, { ...after, ...afterTags });
  if (!version) return;
  await tx.version.create({ data: { entityType: 'CONTENT', entityId: before.id, businessId: before.businessId, ...version, previous: version.previous as PrismaJson.ObjectJson, ...authorColumns(author) } });
}

export async function recordCampaignVersion(tx: Transaction, before: Row & { id: string; businessId: string }, after: Row, author: VersionAuthor): Promise<void> {
  const version = versionOf(campaignVersionedFields, before, after);
  if (!version) return;
  await tx.version.create({ data: { entityType: 'CAMPAIGN', entityId: before.id, businessId: before.businessId, ...version, previous: version.previous as PrismaJson.ObjectJson, ...authorColumns(author) } });
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

