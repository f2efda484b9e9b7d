import type { Viewer } from '../../auth/viewer.ts';
import { prisma } from '../../db/client.ts';
import type { DatabaseProvider } from '../../db/prisma-schema.ts';
import { joinSql, listOf, raw, type Sql, sql } from '../../db/raw-sql.ts';
import { dialectOf, type Period } from './rollup-dialect.ts';

// Every rollup reads each content's latest reading: its newest snapshot, or the newest daily row
// once old snapshots were rolled up (a daily row holds its day's last snapshot). Counters are
// cumulative, so the latest reading is the content's total so far.

export const rollupCounters = ['impressions', 'reach', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks'] as const;
export type RollupCounter = (typeof rollupCounters)[number];
export type Counters = Record<RollupCounter | 'conversions' | 'assistedConversions' | 'revenue', number>;

export interface Window {
  from: Date | null;
  /** Exclusive; null: no upper bound. */
  to: Date | null;
}

export interface ReadingScope {
  /** Null for the system's own checks (anomaly detection after a write), which name the business. */
  viewer: Viewer | null;
  campaignIds?: readonly string[];
  businessId?: string;
  platform?: string | null;
}

const counterColumns = rollupCounters.map((counter) => `"${counter}"`).join(', ');

/** Rows the viewer may read: of a business they are a member of (a key: its own business only). */
function tenancy(viewer: Viewer | null, alias: string) {
  if (!viewer) return sql`1 = 1`;
  const keyBusiness = viewer.apiKey ? sql` AND "businessId" = ${viewer.apiKey.businessId}` : sql``;
  return sql`${raw(alias)}."businessId" IN (SELECT "businessId" FROM "Membership" WHERE "userId" = ${viewer.id}${keyBusiness})`;
}

function readingsOf(provider: DatabaseProvider, scope: ReadingScope, window: Window) {
  const { jsonNumber } = dialectOf(provider);
  const part = (table: string, at: string) => {
    const conditions = [tenancy(scope.viewer, 'r')];
    if (scope.campaignIds) conditions.push(sql`r."campaignId" IN (${listOf(scope.campaignIds)})`);
    if (scope.businessId) conditions.push(sql`r."businessId" = ${scope.businessId}`);
    if (scope.platform) conditions.push(sql`r."platform" = ${scope.platform}`);
    if (window.from) conditions.push(sql`r.${raw(at)} >= ${window.from}`);
    if (window.to) conditions.push(sql`r.${raw(at)} < ${window.to}`);
    return sql`SELECT r."contentId", r."campaignId", r."platform", r.${raw(at)} AS "at", ${raw(counterColumns.replace(/"(\w+)"/g, 'r."$1"'))},
        COALESCE(${jsonNumber('r."attribution"', 'directConversions')}, 0) AS "conversions",
        COALESCE(${jsonNumber('r."attribution"', 'assistedConversions')}, 0) AS "assistedConversions",
        COALESCE(${jsonNumber('r."attribution"', 'revenueGenerated')}, 0) AS "revenue"
      FROM ${raw(table)} r WHERE ${joinSql(conditions, ' AND ')}`;
  };
  return sql`${part('"AnalyticsSnapshot"', '"collectedAt"')} UNION ALL ${part('"AnalyticsDaily"', '"lastCollectedAt"')}`;
}

/** `latest`: each content's newest reading in the window, joined to its content. */
function latestReadings(provider: DatabaseProvider, scope: ReadingScope, window: Window) {
  return sql`WITH readings AS (${readingsOf(provider, scope, window)}),
    ranked AS (SELECT readings.*, ROW_NUMBER() OVER (PARTITION BY "contentId" ORDER BY "at" DESC) AS "rank" FROM readings),
    latest AS (SELECT ranked.* FROM ranked WHERE "rank" = 1)`;
}

const audience = (alias: string) => `CASE WHEN ${alias}."reach" > 0 THEN ${alias}."reach" ELSE ${alias}."impressions" END`;
/** A content's engagement rate (%) as SQL, 0 without an audience. */
const rateOf = (alias: string) =>
  `CASE WHEN ${audience(alias)} > 0 THEN CAST(${alias}."likes" + ${alias}."comments" + ${alias}."shares" + ${alias}."saves" AS DOUBLE PRECISION) * 100 / ${audience(alias)} ELSE 0 END`;

const sums = (alias: string) =>
  [...rollupCounters, 'conversions', 'assistedConversions', 'revenue'].map((column) => `SUM(${alias}."${column}") AS "${column}"`).join(', ');

async function run<T>(provider: DatabaseProvider, statement: Sql): Promise<T[]> {
  const { text, values } = statement.render(provider);
  return prisma.$queryRawUnsafe<T[]>(text, ...values);
}

export type Grouped = Counters & { campaignId: string; platform: string; contentType: string; hour: number | null; contents: number; predicted: number; predictedScore: number; actualScore: number };

/**
 * One grouped statement for many campaigns: per campaign, platform, content type and UTC hour of
 * publishing, the measured contents and their summed latest readings, with the predicted and
 * actual (engagement rate × 10, at most 100) scores of the contents that have a prediction.
 */
export async function groupedCampaignReadings(provider: DatabaseProvider, viewer: Viewer, campaignIds: readonly string[], window: Window): Promise<Grouped[]> {
  const { hourOf, jsonNumber } = dialectOf(provider);
  const predicted = jsonNumber('c."predictedPerformance"', 'score');
  const actual = `CASE WHEN (${rateOf('l')}) * 10 > 100 THEN 100 ELSE (${rateOf('l')}) * 10 END`;
  const rows = await run<Grouped>(
    provider,
    sql`${latestReadings(provider, { viewer, campaignIds }, window)}
      SELECT l."campaignId" AS "campaignId", l."platform" AS "platform", c."contentType" AS "contentType", ${hourOf('c."publishedAt"')} AS "hour",
        COUNT(*) AS "contents", ${raw(sums('l'))},
        SUM(CASE WHEN ${predicted} IS NULL THEN 0 ELSE 1 END) AS "predicted",
        SUM(COALESCE(${predicted}, 0)) AS "predictedScore",
        SUM(CASE WHEN ${predicted} IS NULL THEN 0 ELSE ${raw(actual)} END) AS "actualScore"
      FROM latest l JOIN "Content" c ON c."id" = l."contentId"
      GROUP BY l."campaignId", l."platform", c."contentType", ${hourOf('c."publishedAt"')}`,
  );
  return rows.map((row) => numeric(row, ['campaignId', 'platform', 'contentType']));
}

export type ContentReading = Counters & { contentId: string; platform: string; contentType: string; title: string | null; engagementRate: number };

/**
 * A page of each campaign's measured contents, best engagement rate first, each row with its
 * position in its campaign's list and the length of that list: one statement for many campaigns.
 */
export async function topContentReadings(provider: DatabaseProvider, viewer: Viewer, campaignIds: readonly string[], window: Window, page: { first: number; offset: number }) {
  const rows = await run<ContentReading & { campaignId: string; position: number; total: number }>(
    provider,
    sql`${latestReadings(provider, { viewer, campaignIds }, window)},
      ordered AS (SELECT l."campaignId" AS "campaignId", l."contentId" AS "contentId", l."platform" AS "platform", c."contentType" AS "contentType", c."title" AS "title",
          ${raw(['conversions', 'assistedConversions', 'revenue', ...rollupCounters].map((column) => `l."${column}" AS "${column}"`).join(', '))},
          ${raw(rateOf('l'))} AS "engagementRate",
          ROW_NUMBER() OVER (PARTITION BY l."campaignId" ORDER BY ${raw(rateOf('l'))} DESC, l."impressions" DESC, l."contentId" ASC) AS "position",
          COUNT(*) OVER (PARTITION BY l."campaignId") AS "total"
        FROM latest l JOIN "Content" c ON c."id" = l."contentId")
      SELECT * FROM ordered WHERE "position" > ${page.offset} AND "position" <= ${page.offset + page.first}
      ORDER BY "campaignId", "position"`,
  );
  return rows.map((row) => numeric(row, ['campaignId', 'contentId', 'platform', 'contentType', 'title']));
}

export type BucketRow = Counters & { bucket: string; contents: number };

/**
 * What a business's contents earned in each period from `start` (a period's first moment) up to
 * `to`: per content, its latest reading in the period minus its latest reading before it.
 */
export async function bucketedBusinessReadings(provider: DatabaseProvider, scope: ReadingScope & { businessId: string }, period: Period, start: Date, to: Date | null) {
  const { bucket } = dialectOf(provider);
  const delta = (column: string) => `l."${column}" - COALESCE(LAG(l."${column}") OVER (PARTITION BY l."contentId" ORDER BY l."bucket"), 0) AS "${column}"`;
  const columns = [...rollupCounters, 'conversions', 'assistedConversions', 'revenue'];
  const rows = await run<BucketRow>(
    provider,
    sql`WITH readings AS (${readingsOf(provider, scope, { from: null, to })}),
      bucketed AS (SELECT readings.*, CASE WHEN "at" < ${start} THEN '0000-00-00' ELSE ${bucket(period, '"at"')} END AS "bucket" FROM readings),
      ranked AS (SELECT bucketed.*, ROW_NUMBER() OVER (PARTITION BY "contentId", "bucket" ORDER BY "at" DESC) AS "rank" FROM bucketed),
      deltas AS (SELECT l."bucket", l."contentId", ${raw(columns.map(delta).join(', '))} FROM ranked l WHERE l."rank" = 1)
      SELECT d."bucket" AS "bucket", COUNT(*) AS "contents", ${raw(sums('d'))}
      FROM deltas d WHERE d."bucket" <> '0000-00-00'
      GROUP BY d."bucket" ORDER BY d."bucket"`,
  );
  return rows.map((row) => numeric(row, ['bucket']));
}

/** PostgreSQL answers SUM/COUNT as bigint or numeric: every column but the named ones becomes a number. */
function numeric<T extends object>(row: T, keep: readonly string[]): T {
  const converted = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, keep.includes(key) || value === null ? value : Number(value)]));
  return converted as T;
}

export type AnomalyUnit = 'CONTENT' | 'CAMPAIGN';
export interface AnomalyRow {
  id: string;
  campaignId: string;
  engagementRate: number;
  median: number;
  mad: number;
  samples: number;
}

/** Below this many measured contents (or campaigns) a business has no usual range yet. */
export const MIN_ANOMALY_SAMPLES = 5;
/** The usual cut-off for the modified z-score (Iglewicz and Hoaglin). */
export const ANOMALY_SCORE = 3.5;

/**
 * Contents (or campaigns) of a business whose engagement rate is far from the business's usual
 * range: a modified z-score 0.6745·(x − median)/MAD beyond ANOMALY_SCORE, over every content's
 * (campaign's) latest reading before `to`. Only those read at or after `from` are named.
 * Medians are taken with window functions, the same way on both databases.
 */
export async function anomalousReadings(provider: DatabaseProvider, scope: ReadingScope & { businessId: string }, unit: AnomalyUnit, window: Window & { only?: string }) {
  const rates =
    unit === 'CONTENT'
      ? `SELECT l."contentId" AS "id", l."campaignId" AS "campaignId", ${rateOf('l')} AS "x", l."at" AS "at" FROM latest l`
      : `SELECT l."campaignId" AS "id", l."campaignId" AS "campaignId",
           CASE WHEN SUM(${audience('l')}) > 0 THEN CAST(SUM(l."likes" + l."comments" + l."shares" + l."saves") AS DOUBLE PRECISION) * 100 / SUM(${audience('l')}) ELSE 0 END AS "x",
           MAX(l."at") AS "at"
         FROM latest l GROUP BY l."campaignId"`;
  const median = (table: string, column: string) =>
    `SELECT AVG(${column}) AS "m", MAX("total") AS "total" FROM (SELECT ${column}, ROW_NUMBER() OVER (ORDER BY ${column}) AS "n", COUNT(*) OVER () AS "total" FROM ${table}) ordered
     WHERE "n" IN (("total" + 1) / 2, ("total" + 2) / 2)`;
  const conditions = [sql`mad."m" > 0`, sql`median."total" >= ${MIN_ANOMALY_SAMPLES}`, sql`ABS(0.6745 * (r."x" - median."m") / mad."m") > ${ANOMALY_SCORE}`];
  if (window.from) conditions.push(sql`r."at" >= ${window.from}`);
  if (window.only) conditions.push(sql`r."id" = ${window.only}`);
  const rows = await run<AnomalyRow>(
    provider,
    sql`${latestReadings(provider, scope, { from: null, to: window.to })},
      rates AS (${raw(rates)}),
      median AS (${raw(median('rates', '"x"'))}),
      deviations AS (SELECT ABS(r."x" - median."m") AS "d" FROM rates r CROSS JOIN median),
      mad AS (${raw(median('deviations', '"d"'))})
      SELECT r."id" AS "id", r."campaignId" AS "campaignId", r."x" AS "engagementRate", median."m" AS "median", mad."m" AS "mad", median."total" AS "samples"
      FROM rates r CROSS JOIN median CROSS JOIN mad
      WHERE ${joinSql(conditions, ' AND ')}
      ORDER BY ABS(r."x" - median."m") DESC, r."id" ASC
      LIMIT 50`,
  );
  return rows.map((row) => numeric(row, ['id', 'campaignId']));
}
