import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setImmediate } from 'node:timers/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerOf } from '../src/db/adapter.ts';
import { backupDatabase, restoreDatabase } from '../src/db/backup/backup.ts';
import { prisma } from '../src/db/client.ts';
import { migrationsDir, projectRoot } from '../src/db/prisma-schema.ts';
import { createTestDatabase, databaseMissing, testProvider, type TestDatabase } from './support/database.ts';
import { migrateUpTo, openRaw } from './support/migrations.ts';
import { seedGraph } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const OLD_RELEASE = '20261202084450_analytics_daily';
const CONTENTS_PER_WRITE = 5;
const committedMigrations = readdirSync(migrationsDir(testProvider), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe.skipIf(databaseMissing)(`backup and restore (${testProvider})`, () => {
  let server: TestServer;
  let businessId: string;
  const dir = mkdtempSync(join(tmpdir(), 'herald-backup-'));
  const databases: TestDatabase[] = [];
  const liveBackup = join(dir, 'live.backup');
  const oldBackup = join(dir, 'old.backup');
  let restoredLive: TestDatabase;
  /** Left empty by the refused restores that use it. */
  let emptyTarget: TestDatabase;

  async function freshDatabase() {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  beforeAll(async () => {
    server = await startTestServer();
    // Straight to the database: the API is not what is under test. Enough pages that SQLite's
    // backup takes more than its first step.
    const owner = await prisma.user.create({ data: { email: `owner-${randomUUID()}@example.com`, passwordHash: 'x', fullName: 'Owner' } });
    await seedGraph(owner.id, 2, 5, 40);
    businessId = (await prisma.business.findFirstOrThrow({ where: { ownerId: owner.id } })).id;
  });

  afterAll(async () => {
    await server?.stop();
    for (const database of databases) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the server writes, and the restore holds one moment of the database, whole', async () => {
    const writes = startWrites(businessId);
    await writes.reached(3);
    const writtenBefore = writes.count();
    // As a user would run it; on PostgreSQL the URL also carries a password and Prisma-only parameters.
    const backup = await runCli('backup', [liveBackup], { DATABASE_URL: withExtras(server.databaseUrl) });
    const writtenAfter = await writes.stop();
    expect(backup, backup.output).toMatchObject({ code: 0 });
    expect(backup.output).not.toContain('s3cret-pass');
    expect(statSync(liveBackup).mode & 0o777).toBe(0o600);
    expect(writtenAfter).toBeGreaterThan(writtenBefore);

    restoredLive = await freshDatabase();
    const restore = await runCli('restore', [liveBackup], { DATABASE_URL: restoredLive.url });
    expect(restore, restore.output).toMatchObject({ code: 0 });

    // Every write is in the backup whole or not at all, and the ones there are the first ones.
    const restoredWrites = await writesIn(restoredLive.url);
    const kept = restoredWrites.length;
    expect(kept).toBeGreaterThanOrEqual(writtenBefore);
    expect(restoredWrites).toEqual(Array.from({ length: kept }, (_, i) => ({ name: `write ${i}`, contents: CONTENTS_PER_WRITE })));

    // The source without the writes made after the snapshot is the restored database, table by table.
    const later = { name: { in: Array.from({ length: writtenAfter - kept }, (_, i) => `write ${kept + i}`) } };
    const laterIds = new Set((await prisma.campaign.findMany({ where: later, select: { id: true } })).map((campaign) => campaign.id));
    await prisma.campaign.deleteMany({ where: later });
    // The audit trail is append-only: the later writes' events (and their deletion's) stay in the source.
    const source = await tableDigests(server.databaseUrl, (table, row) => table === 'AuditEvent' && laterIds.has(row.entityId as string));
    expect(Object.keys(source)).toEqual(expect.arrayContaining(['User', 'Business', 'Campaign', 'Content', 'AnalyticsSnapshot', '_prisma_migrations']));
    expect(source.Content.rows).toBeGreaterThan(400);
    expect(await tableDigests(restoredLive.url)).toEqual(source);
  });

  it('refuses a database that is not empty unless forced, and leaves it as it was', async () => {
    const before = await tableDigests(restoredLive.url);
    await expect(restoreDatabase(restoredLive.url, liveBackup)).rejects.toThrow(/is not empty .*pass --force to replace it/);
    expect(await tableDigests(restoredLive.url)).toEqual(before);
  });

  it('migrates an older backup to the current schema, also when forced over a newer database', async () => {
    const old = await freshDatabase();
    await migrateUpTo(old.url, OLD_RELEASE);
    const raw = await openRaw(old.url);
    await raw.exec(`INSERT INTO "User" ("id", "email", "passwordHash", "fullName", "updatedAt") VALUES ('old-user', 'old@example.com', 'x', 'Old', CURRENT_TIMESTAMP)`);
    await raw.close();
    await backupDatabase(old.url, oldBackup);

    const fresh = await freshDatabase();
    const { appliedMigrations } = await restoreDatabase(fresh.url, oldBackup);
    expect(appliedMigrations).toEqual(committedMigrations.filter((name) => name > OLD_RELEASE));
    expect(await appliedMigrationsIn(fresh.url)).toEqual(committedMigrations);

    // Forced over a database of the current schema, with tables the old backup does not have.
    await restoreDatabase(restoredLive.url, oldBackup, { force: true });
    expect(await appliedMigrationsIn(restoredLive.url)).toEqual(committedMigrations);
    const users = await tableDigests(restoredLive.url);
    expect(users.User.rows).toBe(1);
    expect(users.Content.rows).toBe(0);
  });

  it('refuses a damaged backup without touching the database', async () => {
    const damaged = join(dir, 'damaged.backup');
    copyFileSync(liveBackup, damaged);
    truncateSync(damaged, Math.floor(statSync(damaged).size / 2));
    emptyTarget = await freshDatabase();
    const target = emptyTarget;
    await expect(restoreDatabase(target.url, damaged)).rejects.toThrow(testProvider === 'sqlite' ? /integrity_check|malformed/ : /pg_restore failed/);
    expect(await tableDigests(target.url)).toEqual({});
  });

  it('refuses a backup of the other database kind, and a file that is no backup', async () => {
    const target = emptyTarget;
    const foreign = join(dir, 'foreign.backup');
    if (testProvider === 'postgresql') new Database(foreign).exec('CREATE TABLE t (x)').close();
    else writeFileSync(foreign, Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(64)]));
    const kind = testProvider === 'postgresql' ? 'SQLite' : 'PostgreSQL';
    await expect(restoreDatabase(target.url, foreign)).rejects.toThrow(`is a ${kind} backup, but DATABASE_URL is a ${testProvider} database`);
    await expect(restoreDatabase(target.url, join(projectRoot, 'package.json'))).rejects.toThrow(/neither a SQLite database nor a pg_dump/);
    await expect(restoreDatabase(target.url, join(dir, 'missing.backup'))).rejects.toThrow(/No backup at/);
    await expect(restoreDatabase(target.url, dir)).rejects.toThrow(/Cannot read .*EISDIR/);
  });

  it('does not overwrite an existing backup unless forced, nor write into a missing directory', async () => {
    await expect(backupDatabase(server.databaseUrl, liveBackup)).rejects.toThrow(/already exists: pass --force/);
    await expect(backupDatabase(server.databaseUrl, join(dir, 'no-such-dir', 'x.backup'))).rejects.toThrow(/the directory .* does not exist/);
    await backupDatabase(server.databaseUrl, liveBackup, { force: true });
  });

  it.skipIf(testProvider !== 'postgresql')('says what to install when pg_dump is missing, without the password', async () => {
    const emptyPath = mkdtempSync(join(dir, 'bin-'));
    const result = await runCli('backup', [join(dir, 'never.backup')], { DATABASE_URL: withExtras(server.databaseUrl), PATH: emptyPath });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/pg_dump was not found on PATH.*postgresql-client-15/s);
    expect(result.output).not.toContain('s3cret-pass');
    expect(readdirSync(dir)).not.toContain('never.backup');
  });
});

/** The URL a deployment might have: a password (ignored by the test server's trust auth) and Prisma's own parameters. */
function withExtras(databaseUrl: string): string {
  if (providerOf(databaseUrl) !== 'postgresql') return databaseUrl;
  const url = new URL(databaseUrl);
  url.password = 's3cret-pass';
  url.searchParams.set('schema', 'public');
  url.searchParams.set('connection_limit', '5');
  return url.href;
}

/** One write after another, each a campaign with its contents in one transaction, named in order. */
function startWrites(businessId: string) {
  let count = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await prisma.campaign.create({
        data: {
          businessId,
          name: `write ${count}`,
          goal: 'Grow',
          campaignType: 'BRAND_AWARENESS',
          durationDays: 7,
          contentCalendar: [],
          targetPlatforms: [],
          optimalTimes: [],
          contents: {
            create: Array.from({ length: CONTENTS_PER_WRITE }, (_, i) => ({
              id: randomUUID(),
              businessId,
              day: i + 1,
              platform: 'INSTAGRAM' as const,
              contentType: 'POST' as const,
              caption: `Write ${count} post ${i}`,
              hashtags: [],
              mentions: [],
            })),
          },
        },
      });
      count += 1;
      // On SQLite the driver is synchronous: without a turn of the event loop, nothing else would run.
      await setImmediate();
    }
  })();
  return {
    count: () => count,
    async reached(n: number) {
      while (count < n) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    async stop() {
      stopped = true;
      await loop;
      return count;
    },
  };
}

async function writesIn(databaseUrl: string) {
  const raw = await openRaw(databaseUrl);
  try {
    const rows = await raw.all<{ name: string; contents: number | bigint | string }>(
      `SELECT k."name", (SELECT count(*) FROM "Content" c WHERE c."campaignId" = k."id") AS "contents"
       FROM "Campaign" k WHERE k."name" LIKE 'write %'`,
    );
    return rows
      .map((row) => ({ name: row.name, contents: Number(row.contents) }))
      .sort((a, b) => Number(a.name.split(' ')[1]) - Number(b.name.split(' ')[1]));
  } finally {
    await raw.close();
  }
}

/** Each of the app's tables (pg-boss keeps its own schema and busies it on its own): its row count and a hash of its rows. */
async function tableDigests(databaseUrl: string, skip: (table: string, row: Record<string, unknown>) => boolean = () => false): Promise<Record<string, { rows: number; sha256: string }>> {
  const raw = await openRaw(databaseUrl);
  try {
    const all = await raw.all<{ name: string; sql: string | null }>(
      providerOf(databaseUrl) === 'postgresql'
        ? `SELECT table_name AS "name", NULL AS "sql" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
        : `SELECT name, sql FROM sqlite_master WHERE type = 'table'`,
    );
    // A full-text index's own tables hold its segments, laid out by its write history (the source
    // had rows deleted, the restore did not): the index is compared through its virtual table.
    const virtual = all.filter((table) => table.sql?.startsWith('CREATE VIRTUAL TABLE')).map((table) => table.name);
    const tables = all.filter((table) => !virtual.some((name) => table.name.startsWith(`${name}_`)));
    const digests: Record<string, { rows: number; sha256: string }> = {};
    for (const { name } of tables.sort((a, b) => a.name.localeCompare(b.name))) {
      const rows = (await raw.all<Record<string, unknown>>(`SELECT * FROM "${name}"`))
        .filter((row) => !skip(name, row))
        .map((row) => JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? value.toString() : value)));
      digests[name] = { rows: rows.length, sha256: createHash('sha256').update(rows.sort().join('\n')).digest('hex') };
    }
    return digests;
  } finally {
    await raw.close();
  }
}

async function appliedMigrationsIn(databaseUrl: string): Promise<string[]> {
  const raw = await openRaw(databaseUrl);
  try {
    const rows = await raw.all<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    return rows.map((row) => row.migration_name).sort();
  } finally {
    await raw.close();
  }
}

function runCli(script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
