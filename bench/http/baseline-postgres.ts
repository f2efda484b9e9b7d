import pg from 'pg';
import { type BaselineStore, localIdForRead, pageSize } from './baseline-store.ts';

// Hand-written SQL for the benchmark's GraphQL operations on PostgreSQL: one statement each, which
// builds the whole response as JSON. Every ordering, page size and global ID matches what Herald's
// schema does, so the response is byte for byte the same.

/** A Relay global ID: base64 of "Type:id" (PostgreSQL wraps base64 at 76 characters, hence translate). */
const globalId = (type: string, column: string) => `translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), E'\\n', '')`;

/** Herald's DateTime scalar: ISO 8601 in UTC with milliseconds (Prisma stores timestamp(3) in UTC). */
const isoTime = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DASHBOARD = `
SELECT json_build_object('businesses', json_build_object(
  'totalCount', (SELECT count(*) FROM "Business" WHERE id IN (SELECT "businessId" FROM "Membership" WHERE "userId" = $1)),
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
    FROM (SELECT id, name, "createdAt" FROM "Business" WHERE id IN (SELECT "businessId" FROM "Membership" WHERE "userId" = $1)
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
    FROM "Business" b WHERE b.id = $2 AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."businessId" = b.id AND m."userId" = $1))
) AS data`;

export function createPostgresStore(databaseUrl: string): BaselineStore {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const dataOf = async (sql: string, values: unknown[]) => (await pool.query<{ data: unknown }>(sql, values)).rows[0].data;
  return {
    async isActiveUser(userId) {
      const { rows } = await pool.query<{ isActive: boolean }>('SELECT "isActive" FROM "User" WHERE id = $1', [userId]);
      return rows[0]?.isActive === true;
    },
    operations: {
      Dashboard: (viewerId, variables) =>
        dataOf(DASHBOARD, [viewerId, pageSize(variables.businesses), pageSize(variables.campaigns), pageSize(variables.contents)]),
      BusinessOverview: (viewerId, variables) => dataOf(BUSINESS_OVERVIEW, [viewerId, localIdForRead(variables.businessId, 'Business')]),
    },
    ping: async () => void (await pool.query('SELECT 1')),
    close: () => pool.end(),
  };
}
