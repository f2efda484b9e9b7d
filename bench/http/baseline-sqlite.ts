import Database from 'better-sqlite3';
import { sqliteFilePath } from '../../src/db/adapter.ts';
import { type BaselineStore, encodeGlobalId, localIdForRead, pageSize } from './baseline-store.ts';

// The baseline's SQL on SQLite (better-sqlite3, synchronous): one statement per operation that builds
// the response as JSON, like the PostgreSQL one. SQLite drops the JSON subtype of a subquery's
// result, so each nested subquery is wrapped in json() to be embedded rather than quoted.

/** Registered as an SQL function below: base64 has no SQLite built-in. */
const globalId = (type: string, column: string) => `global_id('${type}', ${column})`;

/** Prisma stores DateTime as ISO text with an offset; Herald answers UTC with milliseconds. */
const isoTime = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`;

const DASHBOARD = `
SELECT json_object('businesses', json_object(
  'totalCount', (SELECT count(*) FROM Business WHERE id IN (SELECT businessId FROM Membership WHERE userId = :viewer)),
  'edges', json((
    SELECT json_group_array(json_object('node', json_object(
      'id', ${globalId('Business', 'b.id')},
      'name', b.name,
      'campaigns', json_object(
        'totalCount', (SELECT count(*) FROM Campaign WHERE businessId = b.id),
        'edges', json((
          SELECT json_group_array(json_object('node', json_object(
            'id', ${globalId('Campaign', 'c.id')},
            'name', c.name,
            'status', c.status,
            'contents', json_object(
              'totalCount', (SELECT count(*) FROM Content WHERE campaignId = c.id),
              'edges', json((
                SELECT json_group_array(json_object('node', json_object(
                  'id', ${globalId('Content', 'n.id')},
                  'caption', n.caption,
                  'status', n.status,
                  'latestAnalytics', json((
                    SELECT json_object(
                      'id', ${globalId('AnalyticsSnapshot', 's.id')},
                      'collectedAt', ${isoTime('s.collectedAt')},
                      'metrics', json_object('impressions', s.impressions, 'likes', s.likes, 'engagementRate', s.engagementRate))
                    FROM AnalyticsSnapshot s WHERE s.contentId = n.id
                    ORDER BY s.collectedAt DESC, s.id DESC LIMIT 1))
                )) ORDER BY n.day, n.createdAt, n.id)
                FROM (SELECT id, caption, status, day, createdAt FROM Content WHERE campaignId = c.id
                      ORDER BY day, createdAt, id LIMIT :contents) n))
            )
          )) ORDER BY c.createdAt DESC, c.id DESC)
          FROM (SELECT id, name, status, createdAt FROM Campaign WHERE businessId = b.id
                ORDER BY createdAt DESC, id DESC LIMIT :campaigns) c))
      )
    )) ORDER BY b.createdAt DESC, b.id DESC)
    FROM (SELECT id, name, createdAt FROM Business WHERE id IN (SELECT businessId FROM Membership WHERE userId = :viewer)
          ORDER BY createdAt DESC, id DESC LIMIT :businesses) b))
)) AS data`;

const BUSINESS_OVERVIEW = `
SELECT json_object(
  'me', json((SELECT json_object('id', ${globalId('User', 'u.id')}, 'email', u.email, 'fullName', u.fullName)
              FROM User u WHERE u.id = :viewer)),
  'business', json((
    SELECT json_object(
      'id', ${globalId('Business', 'b.id')},
      'name', b.name,
      'campaigns', json_object('edges', json((
        SELECT json_group_array(json_object('node', json_object(
          'id', ${globalId('Campaign', 'c.id')},
          'name', c.name,
          'contents', json_object('edges', json((
            SELECT json_group_array(json_object('node', json_object(
              'id', ${globalId('Content', 'n.id')}, 'caption', n.caption, 'status', n.status
            )) ORDER BY n.day, n.createdAt, n.id)
            FROM (SELECT id, caption, status, day, createdAt FROM Content WHERE campaignId = c.id
                  ORDER BY day, createdAt, id LIMIT 5) n)))
        )) ORDER BY c.createdAt DESC, c.id DESC)
        FROM (SELECT id, name, createdAt FROM Campaign WHERE businessId = b.id
              ORDER BY createdAt DESC, id DESC LIMIT 1) c))))
    FROM Business b WHERE b.id = :business AND EXISTS (SELECT 1 FROM Membership m WHERE m.businessId = b.id AND m.userId = :viewer)))
) AS data`;

export function createSqliteStore(databaseUrl: string): BaselineStore {
  const db = new Database(sqliteFilePath(databaseUrl), { fileMustExist: true, timeout: 5000 });
  db.function('global_id', { deterministic: true }, (type, id) => encodeGlobalId(String(type), String(id)));
  const activeUser = db.prepare<[string], { isActive: number }>('SELECT isActive FROM User WHERE id = ?');
  const dashboard = db.prepare<[Record<string, unknown>], { data: string }>(DASHBOARD);
  const overview = db.prepare<[Record<string, unknown>], { data: string }>(BUSINESS_OVERVIEW);
  return {
    isActiveUser: async (userId) => activeUser.get(userId)?.isActive === 1,
    operations: {
      Dashboard: async (viewer, variables) =>
        JSON.parse(
          dashboard.get({
            viewer,
            businesses: pageSize(variables.businesses),
            campaigns: pageSize(variables.campaigns),
            contents: pageSize(variables.contents),
          })!.data,
        ),
      BusinessOverview: async (viewer, variables) =>
        JSON.parse(overview.get({ viewer, business: localIdForRead(variables.businessId, 'Business') })!.data),
    },
    ping: async () => void db.prepare('SELECT 1').get(),
    close: async () => void db.close(),
  };
}
