import type pg from 'pg';

// Hand-written SQL for the benchmark's GraphQL operations: one statement each, which builds the
// whole response as JSON in PostgreSQL. Every ordering, page size and global ID matches what
// Herald's schema does, so the response is byte for byte the same.

/** A Relay global ID: base64 of "Type:id" (PostgreSQL wraps base64 at 76 characters, hence translate). */
const globalId = (type: string, column: string) => `translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), E'\\n', '')`;

/** Herald's DateTime scalar: ISO 8601 in UTC with milliseconds (Prisma stores timestamp(3) in UTC). */
const isoTime = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** A connection's `first`, as Herald's Pothos config applies it (default 20, at most 100). */
function pageSize(first: unknown): number {
  if (first === undefined || first === null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || (first as number) < 0) throw new BadRequest('first must be a non-negative integer');
  return Math.min(first as number, MAX_PAGE);
}

export class BadRequest extends Error {}

/** The user check, then the operation's one statement. */
export const BASELINE_STATEMENTS_PER_REQUEST = 2;

const DASHBOARD = `
SELECT json_build_object('businesses', json_build_object(
  'totalCount', (SELECT count(*) FROM "Business" WHERE "ownerId" = $1),
  'edges', COALESCE((
    SELECT json_agg(json_build_object('node', json_build_object(
      'id', ${globalId('Business', 'b.id')},
      'name', b.name,
      'campaigns', json_build_object(
        'totalCount', (SELECT count(*) FROM "Campaign" WHERE "businessId" = b.id),
        'edges', COALESCE((
          SELECT json_agg(json_build_object('node', json_build_object(
            'id', ${globalId('Campaign', 'c.id')},
            'name', c.name,
            'status', c.status,
            'contents', json_build_object(
              'totalCount', (SELECT count(*) FROM "Content" WHERE "campaignId" = c.id),
              'edges', COALESCE((
                SELECT json_agg(json_build_object('node', json_build_object(
                  'id', ${globalId('Content', 'n.id')},
                  'caption', n.caption,
                  'status', n.status,
                  'latestAnalytics', (
                    SELECT json_build_object(
                      'id', ${globalId('AnalyticsSnapshot', 's.id')},
                      'collectedAt', ${isoTime('s."collectedAt"')},
                      'metrics', json_build_object('impressions', s.impressions, 'likes', s.likes, 'engagementRate', s."engagementRate"))
                    FROM "AnalyticsSnapshot" s WHERE s."contentId" = n.id
                    ORDER BY s."collectedAt" DESC, s.id DESC LIMIT 1)
                )) ORDER BY n.day, n."createdAt", n.id)
                FROM (SELECT id, caption, status, day, "createdAt" FROM "Content" WHERE "campaignId" = c.id
                      ORDER BY day, "createdAt", id LIMIT $4) n
              ), '[]'))
          )) ORDER BY c."createdAt" DESC, c.id DESC)
          FROM (SELECT id, name, status, "createdAt" FROM "Campaign" WHERE "businessId" = b.id
                ORDER BY "createdAt" DESC, id DESC LIMIT $3) c
        ), '[]'))
    )) ORDER BY b."createdAt" DESC, b.id DESC)
    FROM (SELECT id, name, "createdAt" FROM "Business" WHERE "ownerId" = $1
          ORDER BY "createdAt" DESC, id DESC LIMIT $2) b
  ), '[]'))) AS data`;

const BUSINESS_OVERVIEW = `
SELECT json_build_object(
  'me', (SELECT json_build_object('id', ${globalId('User', 'u.id')}, 'email', u.email, 'fullName', u."fullName")
         FROM "User" u WHERE u.id = $1),
  'business', (
    SELECT json_build_object(
      'id', ${globalId('Business', 'b.id')},
      'name', b.name,
      'campaigns', json_build_object('edges', COALESCE((
        SELECT json_agg(json_build_object('node', json_build_object(
          'id', ${globalId('Campaign', 'c.id')},
          'name', c.name,
          'contents', json_build_object('edges', COALESCE((
            SELECT json_agg(json_build_object('node', json_build_object(
              'id', ${globalId('Content', 'n.id')}, 'caption', n.caption, 'status', n.status
            )) ORDER BY n.day, n."createdAt", n.id)
            FROM (SELECT id, caption, status, day, "createdAt" FROM "Content" WHERE "campaignId" = c.id
                  ORDER BY day, "createdAt", id LIMIT 5) n
          ), '[]'))
        )) ORDER BY c."createdAt" DESC, c.id DESC)
        FROM (SELECT id, name, "createdAt" FROM "Campaign" WHERE "businessId" = b.id
              ORDER BY "createdAt" DESC, id DESC LIMIT 1) c
      ), '[]')))
    FROM "Business" b WHERE b.id = $2 AND b."ownerId" = $1)
) AS data`;

/** The database id inside a global ID of the expected type, else an id no row has (Herald answers null). */
function localIdForRead(globalId: unknown, type: string): string {
  if (typeof globalId !== 'string') throw new BadRequest('an ID variable must be a string');
  const decoded = Buffer.from(globalId, 'base64').toString();
  const separator = decoded.indexOf(':');
  return decoded.slice(0, separator) === type ? decoded.slice(separator + 1) : '';
}

type Operation = (pool: pg.Pool, viewerId: string, variables: Record<string, unknown>) => Promise<unknown>;

const dataOf = async (pool: pg.Pool, sql: string, values: unknown[]) => (await pool.query<{ data: unknown }>(sql, values)).rows[0].data;

/** The operations the baseline answers, by operationName. */
export const operations: Record<string, Operation> = {
  Dashboard: (pool, viewerId, variables) =>
    dataOf(pool, DASHBOARD, [viewerId, pageSize(variables.businesses), pageSize(variables.campaigns), pageSize(variables.contents)]),
  BusinessOverview: (pool, viewerId, variables) => dataOf(pool, BUSINESS_OVERVIEW, [viewerId, localIdForRead(variables.businessId, 'Business')]),
};
