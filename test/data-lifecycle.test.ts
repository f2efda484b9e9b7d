import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { jobDefinitionsFor } from '../src/jobs/definitions.ts';
import type { AnyJobDefinition } from '../src/jobs/job-queue.ts';
import { PG_BOSS_SCHEMA } from '../src/jobs/pg-boss-job-queue.ts';
import { purgeExpiredJob } from '../src/jobs/purge-expired.ts';
import { checkSchedule } from '../src/jobs/schedule.ts';
import { writeWithJobs } from '../src/jobs/write-with-jobs.ts';
import { rollUpAnalyticsJob, utcDayOf } from '../src/modules/analytics/roll-up-analytics.ts';
import { completeCampaign, completeCampaignsJob } from '../src/modules/campaign/complete-campaigns.ts';
import { archiveContent, archiveOldContentJob } from '../src/modules/content/archive-old-content.ts';
import { graphql } from './generated/gql.ts';
import type { ContentStatus } from './generated/graphql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { CreateCampaign, DeleteBusiness, GetCampaign, GetContent, TransitionCampaign, TransitionContent } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type Subscription, type WsClient } from './support/subscriptions.ts';

// The recurring data lifecycle, each job run through the engine as its schedule would run it.

const OnCampaign = graphql(`
  subscription DataLifecycleCampaigns($businessId: ID!) {
    campaignUpdated(businessId: $businessId) { change previousStatus status actor { id } campaign { id status } }
  }
`);

const OnContentStatus = graphql(`
  subscription DataLifecycleContent($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { previousStatus status actor { id } content { id status } }
  }
`);

const RecordFullEngagement = graphql(`
  mutation DataLifecycleRecord($input: RecordEngagementInput!) {
    recordEngagement(input: $input) { __typename ... on AnalyticsSnapshot { id } ... on Error { code message } }
  }
`);

const ContentAnalytics = graphql(`
  query DataLifecycleAnalytics($id: ID!) {
    content(id: $id) {
      latestAnalytics { id collectedAt metrics { likes } }
      analytics(first: 50) { totalCount edges { node { id } } }
    }
  }
`);

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// Markers that must never reach a log line.
const TENANT_TEXT = 'Zanzibar-Marmalade';

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe.skipIf(databaseMissing)(`data lifecycle jobs (${testProvider})`, () => {
  let server: TestServer;
  const logLines: string[] = [];
  const sockets: WsClient[] = [];

  /** Enqueues a job as its schedule would, waits for the queues to go idle, and returns the run's log line. */
  async function runJob(job: AnyJobDefinition): Promise<Record<string, unknown>> {
    const before = linesOf(job).length;
    await writeWithJobs(server.app, (tx) => server.app.jobs.enqueue(tx, job, {}));
    // One info line per run, and only a successful run writes it.
    await expect.poll(() => linesOf(job).length, { timeout: 15_000, interval: 50 }).toBe(before + 1);
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const lines = linesOf(job);
    return lines[lines.length - 1];
  }
  const linesOf = (job: AnyJobDefinition) =>
    logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.job === job.name && line.level === 30);

  /** A graphql-ws subscription that the server holds by the time this resolves. */
  async function subscribe<TResult, TVariables>(token: string, document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Subscription<TResult>> {
    const ws = connectWs(server.url, token);
    sockets.push(ws);
    const before = server.app.events.activeSubscriptions();
    const subscription = ws.subscribe(document, variables);
    for (let i = 0; i < 200 && server.app.events.activeSubscriptions() <= before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.app.events.activeSubscriptions()).toBeGreaterThan(before);
    return subscription;
  }

  async function campaignEndingAt(user: TestUser, businessId: string, startDaysAgo: number, durationDays: number) {
    const { createCampaign } = await server.client.data(
      CreateCampaign,
      {
        input: {
          businessId,
          name: `${TENANT_TEXT} campaign`,
          goal: `Sell ${TENANT_TEXT}`,
          campaignType: 'PRODUCT_LAUNCH',
          durationDays,
          startDate: daysAgo(startDaysAgo).toISOString(),
          targetPlatforms: ['INSTAGRAM'],
        },
      },
      { token: user.token },
    );
    return expectType(createCampaign, 'Campaign');
  }

  async function transitionCampaign(user: TestUser, id: string, to: 'ACTIVE' | 'PAUSED' | 'COMPLETED') {
    const { transitionCampaign } = await server.client.data(TransitionCampaign, { id, to }, { token: user.token });
    return expectType(transitionCampaign, 'Campaign');
  }

  const campaignStatus = async (user: TestUser, id: string) => (await server.client.data(GetCampaign, { id }, { token: user.token })).campaign?.status;
  const contentStatus = async (user: TestUser, id: string) => (await server.client.data(GetContent, { id }, { token: user.token })).content?.status;

  beforeAll(async () => {
    server = await startTestServer({}, undefined, { logLines });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((ws) => ws.dispose()));
    await server?.stop();
  });

  describe('complete-campaigns', () => {
    it('completes ACTIVE campaigns past their end date, announced as the system, and nothing else', async () => {
      const alice = await signUpUser(server.client, 'Alice');
      const bob = await signUpUser(server.client, 'Bob');
      const aliceBusiness = await createBusiness(server.client, alice, `${TENANT_TEXT} Bakery`);
      const bobBusiness = await createBusiness(server.client, bob);

      const ended = await campaignEndingAt(alice, aliceBusiness.id, 30, 14);
      const running = await campaignEndingAt(alice, aliceBusiness.id, 5, 14);
      const pausedEnded = await campaignEndingAt(alice, aliceBusiness.id, 30, 14);
      const draftEnded = await campaignEndingAt(alice, aliceBusiness.id, 30, 14);
      const bobEnded = await campaignEndingAt(bob, bobBusiness.id, 20, 7);
      const bobRunning = await campaignEndingAt(bob, bobBusiness.id, 1, 30);
      for (const [user, campaign] of [
        [alice, ended],
        [alice, running],
        [alice, pausedEnded],
        [bob, bobEnded],
        [bob, bobRunning],
      ] as const) {
        await transitionCampaign(user, campaign.id, 'ACTIVE');
      }
      await transitionCampaign(alice, pausedEnded.id, 'PAUSED');

      const aliceEvents = await subscribe(alice.token, OnCampaign, { businessId: aliceBusiness.id });
      const bobEvents = await subscribe(bob.token, OnCampaign, { businessId: bobBusiness.id });
      const logged = await runJob(completeCampaignsJob);

      expect(logged).toMatchObject({ completed: 2, changedMeanwhile: 0, msg: 'completed ended campaigns' });
      expect(await campaignStatus(alice, ended.id)).toBe('COMPLETED');
      expect(await campaignStatus(alice, running.id)).toBe('ACTIVE');
      expect(await campaignStatus(alice, pausedEnded.id)).toBe('PAUSED');
      expect(await campaignStatus(alice, draftEnded.id)).toBe('DRAFT');
      expect(await campaignStatus(bob, bobEnded.id)).toBe('COMPLETED');
      expect(await campaignStatus(bob, bobRunning.id)).toBe('ACTIVE');

      // The same event a user's move publishes, with no actor; each tenant hears of its own campaign only.
      const aliceEvent = (await aliceEvents.next()).campaignUpdated;
      expect(aliceEvent).toEqual({ change: 'TRANSITIONED', previousStatus: 'ACTIVE', status: 'COMPLETED', actor: null, campaign: { id: ended.id, status: 'COMPLETED' } });
      expect((await bobEvents.next()).campaignUpdated).toMatchObject({ actor: null, campaign: { id: bobEnded.id, status: 'COMPLETED' } });
      expect(await aliceEvents.expectSilence()).toBe(true);
      expect(await bobEvents.expectSilence()).toBe(true);

      // A second run finds nothing left to do.
      expect(await runJob(completeCampaignsJob)).toMatchObject({ completed: 0, changedMeanwhile: 0 });
      expect(await aliceEvents.expectSilence()).toBe(true);
    });

    it("never overwrites a user's move made after the job read the campaign", async () => {
      const user = await signUpUser(server.client, 'Racer');
      const business = await createBusiness(server.client, user);
      const campaign = await campaignEndingAt(user, business.id, 30, 14);
      await transitionCampaign(user, campaign.id, 'ACTIVE');
      const events = await subscribe(user.token, OnCampaign, { businessId: business.id });

      // What the job read, then the owner pauses it before the job writes.
      const read = await prisma.campaign.findUniqueOrThrow({ where: { id: localIdOf(campaign.id) }, select: { id: true, businessId: true, status: true } });
      expect(read.status).toBe('ACTIVE');
      await transitionCampaign(user, campaign.id, 'PAUSED');
      expect((await events.next()).campaignUpdated).toMatchObject({ previousStatus: 'ACTIVE', status: 'PAUSED', actor: { id: user.id } });

      expect(await completeCampaign(server.app, read)).toBe(false);
      expect(await campaignStatus(user, campaign.id)).toBe('PAUSED');
      expect(await events.expectSilence()).toBe(true);
    });
  });

  describe('archive-old-content', () => {
    /** Moves content along the pipeline through the API. */
    async function moveThrough(user: TestUser, id: string, path: ContentStatus[]) {
      for (const to of path) {
        const scheduledAt = to === 'SCHEDULED' ? new Date(Date.now() + DAY_MS).toISOString() : undefined;
        const { transitionContent } = await server.client.data(TransitionContent, { id, to, scheduledAt }, { token: user.token });
        expectType(transitionContent, 'Content');
      }
    }
    const backdate = (id: string, days: number) => prisma.content.update({ where: { id: localIdOf(id) }, data: { createdAt: daysAgo(days) } });

    it('archives content older than CONTENT_ARCHIVE_AFTER_DAYS where the pipeline allows, never SCHEDULED or PUBLISHING, announced as the system', async () => {
      const alice = await signUpUser(server.client, 'Alice');
      const bob = await signUpUser(server.client, 'Bob');
      const aliceBusiness = await createBusiness(server.client, alice, `${TENANT_TEXT} Bakery`);
      const bobBusiness = await createBusiness(server.client, bob);
      const aliceCampaign = await campaignEndingAt(alice, aliceBusiness.id, 1, 30);
      const bobCampaign = await campaignEndingAt(bob, bobBusiness.id, 1, 30);
      await connectOfflineAccount(server.client, alice, aliceBusiness.id);
      await connectOfflineAccount(server.client, bob, bobBusiness.id);

      const paths: Record<string, ContentStatus[]> = {
        DRAFT: [],
        REVIEW: ['REVIEW'],
        APPROVED: ['REVIEW', 'APPROVED'],
        SCHEDULED: ['REVIEW', 'APPROVED', 'SCHEDULED'],
        PUBLISHING: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING'],
        PUBLISHED: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING', 'PUBLISHED'],
        FAILED: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING', 'FAILED'],
        ARCHIVED: ['ARCHIVED'],
      };
      const old: Record<string, string> = {};
      for (const [status, path] of Object.entries(paths)) {
        const content = await createContent(server.client, alice, aliceCampaign.id);
        await moveThrough(alice, content.id, path);
        await backdate(content.id, 366);
        old[status] = content.id;
      }
      const aliceRecent = await createContent(server.client, alice, aliceCampaign.id);
      await backdate(aliceRecent.id, 364);
      const bobOld = await createContent(server.client, bob, bobCampaign.id);
      await backdate(bobOld.id, 400);
      const bobRecent = await createContent(server.client, bob, bobCampaign.id);

      const aliceEvents = await subscribe(alice.token, OnContentStatus, { businessId: aliceBusiness.id });
      const bobEvents = await subscribe(bob.token, OnContentStatus, { businessId: bobBusiness.id });
      const logged = await runJob(archiveOldContentJob);
      expect(logged).toMatchObject({ archived: 6, changedMeanwhile: 0, msg: 'archived old content' });

      const archivedNow = ['DRAFT', 'REVIEW', 'APPROVED', 'PUBLISHED', 'FAILED'];
      for (const status of archivedNow) expect(await contentStatus(alice, old[status])).toBe('ARCHIVED');
      expect(await contentStatus(alice, old.SCHEDULED)).toBe('SCHEDULED');
      expect(await contentStatus(alice, old.PUBLISHING)).toBe('PUBLISHING');
      expect(await contentStatus(alice, old.ARCHIVED)).toBe('ARCHIVED');
      expect(await contentStatus(alice, aliceRecent.id)).toBe('DRAFT');
      expect(await contentStatus(bob, bobOld.id)).toBe('ARCHIVED');
      expect(await contentStatus(bob, bobRecent.id)).toBe('DRAFT');

      const aliceHeard = await Promise.all(archivedNow.map(() => aliceEvents.next()));
      expect(aliceHeard.map((e) => e.contentStatusChanged.content.id).sort()).toEqual(archivedNow.map((status) => old[status]).sort());
      for (const { contentStatusChanged: event } of aliceHeard) expect(event).toMatchObject({ status: 'ARCHIVED', actor: null });
      expect(aliceHeard.map((e) => e.contentStatusChanged.previousStatus).sort()).toEqual([...archivedNow].sort());
      expect((await bobEvents.next()).contentStatusChanged).toMatchObject({ previousStatus: 'DRAFT', status: 'ARCHIVED', actor: null, content: { id: bobOld.id } });
      expect(await aliceEvents.expectSilence()).toBe(true);
      expect(await bobEvents.expectSilence()).toBe(true);

      expect(await runJob(archiveOldContentJob)).toMatchObject({ archived: 0 });
    });

    it("never overwrites a user's move made after the job read the content", async () => {
      const user = await signUpUser(server.client, 'Racer');
      const business = await createBusiness(server.client, user);
      const campaign = await campaignEndingAt(user, business.id, 1, 30);
      const content = await createContent(server.client, user, campaign.id);
      await backdate(content.id, 500);
      const read = await prisma.content.findUniqueOrThrow({
        where: { id: localIdOf(content.id) },
        select: { id: true, businessId: true, campaignId: true, status: true, scheduledAt: true, postUrl: true, platform: true, caption: true, media: true, approvedAt: true },
      });
      await moveThrough(user, content.id, ['REVIEW']);
      const events = await subscribe(user.token, OnContentStatus, { businessId: business.id });

      expect(await archiveContent(server.app, read, new Date())).toBe(false);
      expect(await contentStatus(user, content.id)).toBe('REVIEW');
      expect(await events.expectSilence()).toBe(true);
    });
  });

  describe('roll-up-analytics', () => {
    const counters = ['impressions', 'reach', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks', 'profileVisits', 'websiteClicks'] as const;

    /** A snapshot through the API; every counter grows with `n` (they are cumulative). */
    async function record(user: TestUser, contentId: string, collectedAt: Date, n: number) {
      const metrics = Object.fromEntries(counters.map((counter, i) => [counter, n * (i + 1)]));
      const { recordEngagement } = await server.client.data(
        RecordFullEngagement,
        {
          input: {
            contentId,
            collectedAt: collectedAt.toISOString(),
            metrics,
            attribution: { directConversions: n, revenueGenerated: n * 2.5 },
            audienceInsights: { note: TENANT_TEXT },
          },
        },
        { token: user.token },
      );
      return expectType(recordEngagement, 'AnalyticsSnapshot').id;
    }

    /** What the roll-up must write: per content and UTC day, the last snapshot's values, leaving each content's latest snapshot out. */
    function expectedDailyRows(snapshots: Awaited<ReturnType<typeof snapshotsOf>>, cutoff: Date) {
      const latest = new Map<string, (typeof snapshots)[number]>();
      for (const s of snapshots) {
        const seen = latest.get(s.contentId);
        if (!seen || s.collectedAt > seen.collectedAt) latest.set(s.contentId, s);
      }
      const rolled = snapshots.filter((s) => s.collectedAt < cutoff && s.collectedAt < latest.get(s.contentId)!.collectedAt);
      const byDay = new Map<string, typeof rolled>();
      for (const s of rolled) {
        const key = `${s.contentId} ${utcDayOf(s.collectedAt).toISOString()}`;
        byDay.set(key, [...(byDay.get(key) ?? []), s]);
      }
      const rows = [...byDay.values()].map((day) => {
        const sorted = [...day].sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime());
        const last = sorted[sorted.length - 1];
        return {
          contentId: last.contentId,
          businessId: last.businessId,
          campaignId: last.campaignId,
          platform: last.platform,
          day: utcDayOf(last.collectedAt),
          ...Object.fromEntries(counters.map((counter) => [counter, last[counter]])),
          engagementRate: last.engagementRate,
          attribution: last.attribution,
          snapshotCount: sorted.length,
          firstCollectedAt: sorted[0].collectedAt,
          lastCollectedAt: last.collectedAt,
        };
      });
      return { rows: sortRows(rows), rolledIds: rolled.map((s) => s.id) };
    }
    const sortRows = <T extends { contentId: string; day: Date }>(rows: T[]) =>
      [...rows].sort((a, b) => a.contentId.localeCompare(b.contentId) || a.day.getTime() - b.day.getTime());
    const snapshotsOf = (contentIds: string[]) => prisma.analyticsSnapshot.findMany({ where: { contentId: { in: contentIds } } });
    const dailyRowsOf = async (contentIds: string[]) => {
      const rows = await prisma.analyticsDaily.findMany({ where: { contentId: { in: contentIds } } });
      return sortRows(rows.map(({ id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...row }) => row));
    };

    it('rolls old snapshots into exact daily rows, keeps each latest, and a second run changes nothing', async () => {
      const alice = await signUpUser(server.client, 'Alice');
      const bob = await signUpUser(server.client, 'Bob');
      const aliceBusiness = await createBusiness(server.client, alice, `${TENANT_TEXT} Bakery`);
      const bobBusiness = await createBusiness(server.client, bob);
      const aliceCampaign = await campaignEndingAt(alice, aliceBusiness.id, 1, 30);
      const bobCampaign = await campaignEndingAt(bob, bobBusiness.id, 1, 30);
      await connectOfflineAccount(server.client, alice, aliceBusiness.id);
      await connectOfflineAccount(server.client, bob, bobBusiness.id);
      const measured = await createContent(server.client, alice, aliceCampaign.id, 1);
      const onlyOld = await createContent(server.client, alice, aliceCampaign.id, 2);
      const young = await createContent(server.client, bob, bobCampaign.id, 1);

      const day1 = utcDayOf(daysAgo(200));
      const day2 = new Date(day1.getTime() + DAY_MS);
      const at = (day: Date, hours: number) => new Date(day.getTime() + hours * HOUR_MS);
      // Recorded out of order, as collectors may.
      await record(alice, measured.id, at(day1, 5), 2);
      await record(alice, measured.id, at(day1, 1), 1);
      await record(alice, measured.id, at(day1, 23.9), 3);
      await record(alice, measured.id, at(day2, 2), 4);
      await record(alice, measured.id, at(day2, 20), 5);
      const measuredLatest = await record(alice, measured.id, daysAgo(1), 9);
      await record(alice, onlyOld.id, at(day1, 8), 1);
      await record(alice, onlyOld.id, at(day2, 9), 2);
      const onlyOldLatest = await record(alice, onlyOld.id, at(day2, 10), 3);
      for (let i = 0; i < 3; i++) await record(bob, young.id, daysAgo(100 - i), i + 1);

      const contentIds = [measured.id, onlyOld.id, young.id].map(localIdOf);
      const before = await snapshotsOf(contentIds);
      const cutoff = daysAgo(server.app.config.ANALYTICS_ROLLUP_AFTER_DAYS);
      const expected = expectedDailyRows(before, cutoff);
      expect(expected.rows).toHaveLength(4);
      expect(expected.rolledIds).toHaveLength(7);

      const logged = await runJob(rollUpAnalyticsJob);
      expect(logged).toMatchObject({ snapshots: 7, contents: 2, msg: 'rolled up old analytics snapshots' });
      expect(await dailyRowsOf(contentIds)).toEqual(expected.rows);
      const after = await snapshotsOf(contentIds);
      expect(after.map((s) => s.id).sort()).toEqual(before.filter((s) => !expected.rolledIds.includes(s.id)).map((s) => s.id).sort());
      // Day 1 of `measured`: three snapshots, the values of the one collected last (recorded third).
      expect(expected.rows.find((row) => row.contentId === localIdOf(measured.id) && row.day.getTime() === day1.getTime())).toMatchObject({
        snapshotCount: 3,
        likes: 3 * 4,
        websiteClicks: 3 * 10,
        attribution: { directConversions: 3, revenueGenerated: 7.5 },
      });

      // The latest snapshots are what the API still shows.
      const measuredNow = (await server.client.data(ContentAnalytics, { id: measured.id }, { token: alice.token })).content;
      expect(measuredNow?.latestAnalytics?.id).toBe(measuredLatest);
      expect(measuredNow?.analytics.totalCount).toBe(1);
      const onlyOldNow = (await server.client.data(ContentAnalytics, { id: onlyOld.id }, { token: alice.token })).content;
      expect(onlyOldNow?.latestAnalytics?.id).toBe(onlyOldLatest);
      expect((await server.client.data(ContentAnalytics, { id: young.id }, { token: bob.token })).content?.analytics.totalCount).toBe(3);

      // Again: nothing to roll, and the rows are exactly as they were (not even touched).
      const rowsBefore = await prisma.analyticsDaily.findMany({ where: { contentId: { in: contentIds } }, orderBy: { id: 'asc' } });
      expect(await runJob(rollUpAnalyticsJob)).toMatchObject({ snapshots: 0, dailyRows: 0, contents: 0 });
      expect(await prisma.analyticsDaily.findMany({ where: { contentId: { in: contentIds } }, orderBy: { id: 'asc' } })).toEqual(rowsBefore);
      expect(await snapshotsOf(contentIds)).toHaveLength(after.length);
    });

    it('merges a snapshot recorded late for a day already rolled up, exactly', async () => {
      const user = await signUpUser(server.client, 'Late');
      const business = await createBusiness(server.client, user);
      const campaign = await campaignEndingAt(user, business.id, 1, 30);
      const content = await createContent(server.client, user, campaign.id);
      const day = utcDayOf(daysAgo(300));
      await record(user, content.id, new Date(day.getTime() + 10 * HOUR_MS), 1);
      await record(user, content.id, new Date(day.getTime() + 12 * HOUR_MS), 2);
      await record(user, content.id, daysAgo(2), 50);
      await runJob(rollUpAnalyticsJob);

      // Collected before, between and after the rolled ones, sent only now.
      await record(user, content.id, new Date(day.getTime() + 1 * HOUR_MS), 0);
      await record(user, content.id, new Date(day.getTime() + 23 * HOUR_MS), 7);
      expect(await runJob(rollUpAnalyticsJob)).toMatchObject({ snapshots: 2, dailyRows: 1 });
      const [row] = await dailyRowsOf([localIdOf(content.id)]);
      expect(row).toMatchObject({
        day,
        snapshotCount: 4,
        likes: 7 * 4,
        impressions: 7,
        attribution: { directConversions: 7, revenueGenerated: 17.5 },
        firstCollectedAt: new Date(day.getTime() + 1 * HOUR_MS),
        lastCollectedAt: new Date(day.getTime() + 23 * HOUR_MS),
      });
    });

    it('deletes the daily rows with their business', async () => {
      const user = await signUpUser(server.client, 'Leaving');
      const business = await createBusiness(server.client, user);
      const campaign = await campaignEndingAt(user, business.id, 1, 30);
      const content = await createContent(server.client, user, campaign.id);
      await record(user, content.id, daysAgo(250), 1);
      await record(user, content.id, daysAgo(1), 2);
      await runJob(rollUpAnalyticsJob);
      expect(await prisma.analyticsDaily.count({ where: { businessId: localIdOf(business.id) } })).toBe(1);

      const { deleteBusiness } = await server.client.data(DeleteBusiness, { input: { id: business.id } }, { token: user.token });
      expectType(deleteBusiness, 'DeletedBusiness');
      expect(await prisma.analyticsDaily.count({ where: { businessId: localIdOf(business.id) } })).toBe(0);
    });
  });

  describe('purge-expired', () => {
    it('deletes expired AI answers and idempotency keys past their window, and nothing still valid', async () => {
      const user = await signUpUser(server.client, 'Keys');
      const userId = localIdOf(user.id);
      const now = Date.now();
      await prisma.aiCache.createMany({
        data: [
          { key: 'expired-answer', value: { note: TENANT_TEXT }, expiresAt: new Date(now - 60_000) },
          { key: 'fresh-answer', value: {}, expiresAt: new Date(now + HOUR_MS) },
        ],
      });
      const windowMs = server.app.config.IDEMPOTENCY_WINDOW_HOURS * HOUR_MS;
      await prisma.idempotencyKey.createMany({
        data: [
          { userId, key: 'past-window', operation: 'generateContent', requestHash: 'a', resultId: 'r1', createdAt: new Date(now - windowMs - 60_000) },
          { userId, key: 'stuck-run-past-window', operation: 'generateContent', requestHash: 'b', createdAt: new Date(now - windowMs - HOUR_MS) },
          { userId, key: 'end-of-window', operation: 'generateContent', requestHash: 'c', resultId: 'r3', createdAt: new Date(now - windowMs + 5 * 60_000) },
          { userId, key: 'just-now', operation: 'generateContent', requestHash: 'd', resultId: 'r4', createdAt: new Date(now) },
        ],
      });

      expect(await runJob(purgeExpiredJob)).toMatchObject({ aiCache: 1, idempotencyKeys: 2, msg: 'purged expired rows' });
      expect((await prisma.aiCache.findMany({ where: { key: { in: ['expired-answer', 'fresh-answer'] } } })).map((row) => row.key)).toEqual(['fresh-answer']);
      expect((await prisma.idempotencyKey.findMany({ where: { userId }, orderBy: { key: 'asc' } })).map((row) => row.key)).toEqual(['end-of-window', 'just-now']);
      expect(await runJob(purgeExpiredJob)).toMatchObject({ aiCache: 0, idempotencyKeys: 0 });
    });

    it('deletes invitations settled more than 30 days ago, and keeps pending and recent ones', async () => {
      const user = await signUpUser(server.client, 'Inviter');
      const business = await createBusiness(server.client, user);
      const businessId = localIdOf(business.id);
      const now = Date.now();
      const daysAgo = (days: number) => new Date(now - days * 24 * HOUR_MS);
      const invitation = (tokenHash: string, dates: { acceptedAt?: Date; revokedAt?: Date; expiresAt: Date }) => ({ businessId, email: `${tokenHash}@example.com`, role: 'EDITOR' as const, tokenHash, ...dates });
      await prisma.invitation.createMany({
        data: [
          invitation('accepted-long-ago', { acceptedAt: daysAgo(31), expiresAt: daysAgo(25) }),
          invitation('revoked-long-ago', { revokedAt: daysAgo(40), expiresAt: daysAgo(35) }),
          invitation('expired-long-ago', { expiresAt: daysAgo(31) }),
          invitation('accepted-recently', { acceptedAt: daysAgo(2), expiresAt: daysAgo(-5) }),
          invitation('expired-recently', { expiresAt: daysAgo(29) }),
          invitation('pending', { expiresAt: daysAgo(-7) }),
        ],
      });

      expect(await runJob(purgeExpiredJob)).toMatchObject({ invitations: 3 });
      const kept = await prisma.invitation.findMany({ where: { businessId }, orderBy: { tokenHash: 'asc' } });
      expect(kept.map((row) => row.tokenHash)).toEqual(['accepted-recently', 'expired-recently', 'pending']);
    });

    it('deletes webhook deliveries settled more than 30 days ago with their attempts, and keeps recent and pending ones', async () => {
      const user = await signUpUser(server.client, 'Hooks');
      const business = await createBusiness(server.client, user);
      const endpoint = await prisma.webhookEndpoint.create({
        data: { businessId: localIdOf(business.id), url: 'https://hooks.example.com/x', events: ['content.published'], secret: 'whsec_test' },
      });
      const now = Date.now();
      const daysAgo = (days: number) => new Date(now - days * 24 * HOUR_MS);
      const delivery = (webhookId: string, status: 'PENDING' | 'SUCCEEDED' | 'FAILED', finishedAt: Date | null, createdAt: Date) =>
        prisma.webhookDelivery.create({
          data: { endpointId: endpoint.id, webhookId, eventType: 'content.published', payload: '{}', status, finishedAt, createdAt, attempts: { create: [{ attempt: 1, latencyMs: 5, responseStatus: 200 }] } },
        });
      await delivery('succeeded-long-ago', 'SUCCEEDED', daysAgo(31), daysAgo(31));
      await delivery('failed-long-ago', 'FAILED', daysAgo(32), daysAgo(33));
      await delivery('succeeded-recently', 'SUCCEEDED', daysAgo(29), daysAgo(29));
      await delivery('still-pending', 'PENDING', null, daysAgo(40));

      expect(await runJob(purgeExpiredJob)).toMatchObject({ webhookDeliveries: 2 });
      const kept = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { webhookId: 'asc' } });
      expect(kept.map((row) => row.webhookId)).toEqual(['still-pending', 'succeeded-recently']);
      expect(await prisma.webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } })).toBe(2);
    });
  });

  it('logs counts only, never what tenants wrote', () => {
    const jobLines = logLines.filter((line) => /"job":"(complete-campaigns|archive-old-content|roll-up-analytics|purge-expired)"/.test(line));
    expect(jobLines.length).toBeGreaterThan(0);
    for (const line of jobLines) expect(line).not.toContain(TENANT_TEXT);
  });
});

describe.skipIf(databaseMissing)(`data lifecycle schedules (${testProvider})`, () => {
  const recurring = jobDefinitionsFor(loadConfig({})).filter((job) => job.schedule);

  it('has a valid cron schedule for each lifecycle job', () => {
    expect(Object.fromEntries(recurring.map((job) => [job.name, job.schedule]))).toEqual({
      'complete-campaigns': '*/5 * * * *',
      'archive-old-content': '10 3 * * *',
      'roll-up-analytics': '20 3 * * *',
      'purge-expired': '35 * * * *',
    });
    for (const job of recurring) expect(() => checkSchedule(job.schedule!)).not.toThrow();
  });

  it('registers the schedules on start, unless JOB_SCHEDULES is false', async () => {
    for (const schedules of [true, false]) {
      const server = await startTestServer({ JOB_SCHEDULES: String(schedules) });
      try {
        const queues = (await server.app.jobs.stats()).map((stats) => stats.queue);
        for (const job of recurring) expect(queues).toContain(job.name);
        if (testProvider === 'postgresql') {
          const rows = await prisma.$queryRawUnsafe<{ name: string; cron: string }[]>(`SELECT name, cron FROM ${PG_BOSS_SCHEMA}.schedule ORDER BY name`);
          const expected = schedules ? recurring.map((job) => ({ name: job.name, cron: job.schedule })) : [];
          expect(rows).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
        } else {
          // The SQLite engine keeps the next occurrence of each schedule as a waiting job (one may be running right now).
          expect(await jobsIdle(server.app.jobs)).toBe(true);
          const waiting = await prisma.job.groupBy({ by: ['queue'], where: { key: 'schedule', state: 'QUEUED' }, _count: { _all: true } });
          const expected = schedules ? recurring.map((job) => ({ queue: job.name, _count: { _all: 1 } })) : [];
          expect(waiting.sort((a, b) => a.queue.localeCompare(b.queue))).toEqual(expected.sort((a, b) => a.queue.localeCompare(b.queue)));
        }
      } finally {
        await server.stop();
      }
    }
  });
});
