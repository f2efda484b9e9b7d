import type { AuditAction } from '../domain/enums.ts';

type Row = Record<string, unknown>;
type WriteKind = Extract<AuditAction, 'CREATE' | 'UPDATE' | 'DELETE'>;

/** How the rows of one model are audited. */
export interface AuditedModel {
  /** The writes recorded (all three unless said). */
  kinds?: readonly WriteKind[];
  /** The business a row belongs to (null: none, as for an account or the shared taxonomy). */
  businessOf: (row: Row) => string | null;
  /** For rows that do not name their business: the row (delegate, column) that does. */
  parent?: { model: string; column: string };
  /** The columns of its primary key (default `id`); a compound key's id in the trail joins them with '/'. */
  key?: readonly string[];
}

const own = (row: Row) => (row.businessId as string | null) ?? null;

/**
 * The business data whose every change is recorded, by Prisma model name. Not here: logs and
 * history of their own (AiLog, Version, WebhookDelivery, the audit trail), derived or internal
 * rows (jobs, caches, embeddings, search vectors, daily rollups, budgets, idempotency keys), and
 * the trash, which records its moves itself.
 */
export const auditedModels: Readonly<Record<string, AuditedModel>> = {
  User: { businessOf: () => null },
  Business: { businessOf: (row) => row.id as string },
  Membership: { businessOf: own },
  Invitation: { businessOf: own },
  ApiKey: { businessOf: own },
  Campaign: { businessOf: own },
  CampaignCost: { businessOf: own },
  Content: { businessOf: own },
  // Engagement is appended; rolling old snapshots up into daily totals is compaction, not a change.
  AnalyticsSnapshot: { businessOf: own, kinds: ['CREATE'] },
  Message: { businessOf: own },
  Category: { businessOf: () => null },
  Tag: { businessOf: own },
  ContentTag: {
    businessOf: own,
    parent: { model: 'content', column: 'contentId' },
    key: ['contentId', 'tagId'],
  },
  AutomationRule: { businessOf: own },
  SocialAccount: { businessOf: own },
  WebhookEndpoint: { businessOf: own },
};

/** Never in the trail: secrets, and the prompts sent to the AI. Their changes show as redacted. */
export const redactedFields: ReadonlySet<string> = new Set(['passwordHash', 'tokenHash', 'keyHash', 'secret', 'previousSecret', 'profileKey', 'prompt']);

/** Endpoint URLs (webhooks, publishing) may carry a token in their path or query: the trail keeps their origin. */
export const maskedFields: Readonly<Record<string, (value: unknown) => unknown>> = {
  url: (value) => {
    if (typeof value !== 'string') return value;
    try {
      const url = new URL(value);
      return url.pathname === '/' && !url.search && !url.hash ? url.origin : `${url.origin}/…`;
    } catch {
      return REDACTED;
    }
  },
};

/** Bookkeeping that changes on its own (times, counters): a write that changes only these is not recorded. */
export const ignoredFields: ReadonlySet<string> = new Set([
  'updatedAt',
  'taggedAt',
  'taggingInputSha256',
  'usageCount',
  'executionCount',
  'successCount',
  'lastExecutedAt',
  'lastUsedAt',
  'consecutiveFailures',
]);

export const REDACTED = '[redacted]';
