import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import type { CampaignStatus, ContentStatus } from './generated/graphql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { CreateContent } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The lifecycles as the API contract states them (deliberately not imported from src/).
const campaignTable: Record<CampaignStatus, CampaignStatus[]> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['PAUSED', 'COMPLETED', 'ARCHIVED'],
  PAUSED: ['ACTIVE', 'COMPLETED', 'ARCHIVED'],
  COMPLETED: ['ARCHIVED', 'ACTIVE'],
  ARCHIVED: ['ACTIVE'],
};
/** Allowed transitions from DRAFT (where a new campaign starts) to each status. */
const campaignPaths: Record<CampaignStatus, CampaignStatus[]> = {
  DRAFT: [],
  ACTIVE: ['ACTIVE'],
  PAUSED: ['ACTIVE', 'PAUSED'],
  COMPLETED: ['ACTIVE', 'COMPLETED'],
  ARCHIVED: ['ARCHIVED'],
};

const contentTable: Record<ContentStatus, ContentStatus[]> = {
  DRAFT: ['REVIEW', 'ARCHIVED'],
  REVIEW: ['APPROVED', 'DRAFT', 'ARCHIVED'],
  APPROVED: ['SCHEDULED', 'REVIEW', 'DRAFT', 'ARCHIVED'],
  SCHEDULED: ['PUBLISHING', 'APPROVED', 'REVIEW', 'ARCHIVED'],
  PUBLISHING: ['PUBLISHED', 'FAILED'],
  FAILED: ['SCHEDULED', 'DRAFT', 'ARCHIVED'],
  PUBLISHED: ['ARCHIVED'],
  ARCHIVED: ['DRAFT'],
};
const contentPaths: Record<ContentStatus, ContentStatus[]> = {
  DRAFT: [],
  REVIEW: ['REVIEW'],
  APPROVED: ['REVIEW', 'APPROVED'],
  SCHEDULED: ['REVIEW', 'APPROVED', 'SCHEDULED'],
  PUBLISHING: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING'],
  PUBLISHED: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING', 'PUBLISHED'],
  FAILED: ['REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING', 'FAILED'],
  ARCHIVED: ['ARCHIVED'],
};

const campaignStatuses = Object.keys(campaignTable) as CampaignStatus[];
const contentStatuses = Object.keys(contentTable) as ContentStatus[];
const pairs = <S extends string>(statuses: S[]) => statuses.flatMap((from) => statuses.map((to) => [from, to] as [S, S]));
const sorted = (list: readonly string[]) => [...list].sort();

const LifecycleTransitionCampaign = graphql(`
  mutation LifecycleTransitionCampaign($id: ID!, $to: CampaignStatus!) {
    transitionCampaign(id: $id, to: $to) {
      __typename
      ... on Campaign { id status allowedTransitions }
      ... on Error { code message }
      ... on InvalidTransitionError { from to allowed }
    }
  }
`);

const LifecycleCampaign = graphql(`
  query LifecycleCampaign($id: ID!) {
    campaign(id: $id) { id status allowedTransitions updatedAt }
  }
`);

const LifecycleTransitionContent = graphql(`
  mutation LifecycleTransitionContent(
    $id: ID!
    $to: ContentStatus!
    $scheduledAt: DateTime
    $postUrl: String
    $errorMessage: String
  ) {
    transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt, postUrl: $postUrl, errorMessage: $errorMessage) {
      __typename
      ... on Content { id status allowedTransitions scheduledAt publishedAt postUrl errorMessage }
      ... on Error { code message }
      ... on InvalidTransitionError { from to allowed }
    }
  }
`);

const LifecycleContent = graphql(`
  query LifecycleContent($id: ID!) {
    content(id: $id) { id status allowedTransitions scheduledAt publishedAt postUrl errorMessage updatedAt }
  }
`);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe.skipIf(databaseMissing)(`lifecycle (${testProvider})`, () => {
  let server: TestServer;
  let user: TestUser;
  let businessId: string;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer();
    user = await signUpUser(server.client, 'Lifecycle');
    businessId = (await createBusiness(server.client, user)).id;
    campaignId = (await createCampaign(server.client, user, businessId)).id;
    await connectOfflineAccount(server.client, user, businessId);
    await connectOfflineAccount(server.client, user, businessId, 'FACEBOOK');
  });
  afterAll(() => server?.stop());

  const transitionCampaign = async (id: string, to: CampaignStatus) =>
    (await server.client.data(LifecycleTransitionCampaign, { id, to }, { token: user.token })).transitionCampaign;
  const readCampaign = async (id: string) => {
    const { campaign } = await server.client.data(LifecycleCampaign, { id }, { token: user.token });
    if (!campaign) throw new Error(`campaign ${id} not readable`);
    return campaign;
  };

  /** The extra arguments a step needs to succeed: a future time to schedule, a URL to publish. */
  const detailsFor = (to: ContentStatus) => ({
    scheduledAt: to === 'SCHEDULED' ? inDays(2) : undefined,
    postUrl: to === 'PUBLISHED' ? 'https://instagram.com/p/abc123' : undefined,
    errorMessage: to === 'FAILED' ? 'Instagram API returned 500' : undefined,
  });
  const transitionContent = async (
    id: string,
    to: ContentStatus,
    details: { scheduledAt?: string | null; postUrl?: string | null; errorMessage?: string | null } = detailsFor(to),
  ) => (await server.client.data(LifecycleTransitionContent, { id, to, ...details }, { token: user.token })).transitionContent;
  const readContent = async (id: string) => {
    const { content } = await server.client.data(LifecycleContent, { id }, { token: user.token });
    if (!content) throw new Error(`content ${id} not readable`);
    return content;
  };

  /** New content in DRAFT, moved along `path` with allowed transitions only. */
  async function contentIn(status: ContentStatus) {
    const { id } = await createContent(server.client, user, campaignId);
    for (const step of contentPaths[status]) {
      const moved = expectType(await transitionContent(id, step), 'Content');
      expect(moved.status).toBe(step);
    }
    return id;
  }

  describe('campaign lifecycle', () => {
    it('starts in DRAFT with the DRAFT transitions', async () => {
      const campaign = await createCampaign(server.client, user, businessId, 'Fresh');
      expect(campaign.status).toBe('DRAFT');
      expect(sorted(campaign.allowedTransitions)).toEqual(sorted(campaignTable.DRAFT));
    });

    it.each(pairs(campaignStatuses))('%s → %s', async (from, to) => {
      const { id } = await createCampaign(server.client, user, businessId, `${from} to ${to}`);
      for (const step of campaignPaths[from]) {
        expect(expectType(await transitionCampaign(id, step), 'Campaign').status).toBe(step);
      }
      const before = await readCampaign(id);
      expect(before.status).toBe(from);
      expect(sorted(before.allowedTransitions)).toEqual(sorted(campaignTable[from]));

      const result = await transitionCampaign(id, to);
      if (campaignTable[from].includes(to)) {
        expect(result).toMatchObject({ __typename: 'Campaign', id, status: to });
        const moved = expectType(result, 'Campaign');
        expect(sorted(moved.allowedTransitions)).toEqual(sorted(campaignTable[to]));
        const after = await readCampaign(id);
        expect(after.status).toBe(to);
        expect(sorted(after.allowedTransitions)).toEqual(sorted(campaignTable[to]));
      } else {
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from, to });
        const error = expectType(result, 'InvalidTransitionError');
        expect(sorted(error.allowed)).toEqual(sorted(campaignTable[from]));
        expect(error.message).toBeTruthy();
        expect(await readCampaign(id)).toEqual(before);
      }
    });

    it('lets exactly one of many identical concurrent transitions through', async () => {
      const { id } = await createCampaign(server.client, user, businessId, 'Race');
      const results = await Promise.all(Array.from({ length: 10 }, () => transitionCampaign(id, 'ACTIVE')));
      expect(results.filter((r) => r.__typename === 'Campaign')).toHaveLength(1);
      for (const r of results.filter((r) => r.__typename !== 'Campaign')) {
        expect(r).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', to: 'ACTIVE' });
      }
      expect((await readCampaign(id)).status).toBe('ACTIVE');
    });
  });

  describe('content pipeline', () => {
    it('starts in DRAFT with the DRAFT transitions', async () => {
      const { id } = await createContent(server.client, user, campaignId);
      const content = await readContent(id);
      expect(content.status).toBe('DRAFT');
      expect(sorted(content.allowedTransitions)).toEqual(sorted(contentTable.DRAFT));
    });

    it.each(pairs(contentStatuses))('%s → %s', async (from, to) => {
      const id = await contentIn(from);
      const before = await readContent(id);
      expect(before.status).toBe(from);
      expect(sorted(before.allowedTransitions)).toEqual(sorted(contentTable[from]));

      const details = detailsFor(to);
      const result = await transitionContent(id, to, details);
      if (contentTable[from].includes(to)) {
        expect(result).toMatchObject({ __typename: 'Content', id, status: to });
        const moved = expectType(result, 'Content');
        expect(sorted(moved.allowedTransitions)).toEqual(sorted(contentTable[to]));
        const after = await readContent(id);
        expect(after.status).toBe(to);
        expect(sorted(after.allowedTransitions)).toEqual(sorted(contentTable[to]));
        if (to === 'SCHEDULED') expect(after.scheduledAt).toBe(details.scheduledAt);
        if (to === 'PUBLISHED') {
          expect(after.postUrl).toBe('https://instagram.com/p/abc123');
          expect(after.publishedAt).not.toBeNull();
        }
        if (to === 'FAILED') expect(after.errorMessage).toBe('Instagram API returned 500');
        if (to === 'DRAFT') expect(after.errorMessage).toBeNull();
      } else {
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from, to });
        const error = expectType(result, 'InvalidTransitionError');
        expect(sorted(error.allowed)).toEqual(sorted(contentTable[from]));
        expect(error.message).toBeTruthy();
        expect(await readContent(id)).toEqual(before);
      }
    });

    describe('scheduling', () => {
      it('refuses SCHEDULED without any scheduledAt, changing nothing', async () => {
        const id = await contentIn('APPROVED');
        const before = await readContent(id);
        expect(before.scheduledAt).toBeNull();
        const result = await transitionContent(id, 'SCHEDULED', {});
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from: 'APPROVED', to: 'SCHEDULED' });
        expect(sorted(expectType(result, 'InvalidTransitionError').allowed)).toEqual(sorted(contentTable.APPROVED));
        expect(await readContent(id)).toEqual(before);
      });

      it('refuses SCHEDULED with a past scheduledAt argument, changing nothing', async () => {
        const id = await contentIn('APPROVED');
        const before = await readContent(id);
        const result = await transitionContent(id, 'SCHEDULED', { scheduledAt: inDays(-1) });
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from: 'APPROVED', to: 'SCHEDULED' });
        expect(await readContent(id)).toEqual(before);
      });

      it('refuses SCHEDULED when the stored scheduledAt has passed', async () => {
        const past = inDays(-3);
        const id = await createContentWith({ scheduledAt: past });
        for (const step of ['REVIEW', 'APPROVED'] as const) expectType(await transitionContent(id, step), 'Content');
        const before = await readContent(id);
        expect(before.scheduledAt).toBe(past);
        const result = await transitionContent(id, 'SCHEDULED', {});
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', from: 'APPROVED', to: 'SCHEDULED' });
        expect(await readContent(id)).toEqual(before);
      });

      it('refuses a past scheduledAt argument even when a future one is stored, keeping the stored one', async () => {
        const future = inDays(5);
        const id = await createContentWith({ scheduledAt: future });
        for (const step of ['REVIEW', 'APPROVED'] as const) expectType(await transitionContent(id, step), 'Content');
        const before = await readContent(id);
        const result = await transitionContent(id, 'SCHEDULED', { scheduledAt: inDays(-1) });
        expect(result).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
        expect(await readContent(id)).toEqual(before);
        expect(before.scheduledAt).toBe(future);
      });

      it('schedules with a future scheduledAt already on the content', async () => {
        const future = inDays(5);
        const id = await createContentWith({ scheduledAt: future });
        for (const step of ['REVIEW', 'APPROVED'] as const) expectType(await transitionContent(id, step), 'Content');
        const result = await transitionContent(id, 'SCHEDULED', {});
        expect(result).toMatchObject({ __typename: 'Content', status: 'SCHEDULED', scheduledAt: future });
        expect(await readContent(id)).toMatchObject({ status: 'SCHEDULED', scheduledAt: future });
      });

      it('prefers the scheduledAt argument over the stored one', async () => {
        const id = await createContentWith({ scheduledAt: inDays(5) });
        for (const step of ['REVIEW', 'APPROVED'] as const) expectType(await transitionContent(id, step), 'Content');
        const later = inDays(9);
        expect(await transitionContent(id, 'SCHEDULED', { scheduledAt: later })).toMatchObject({
          __typename: 'Content',
          status: 'SCHEDULED',
          scheduledAt: later,
        });
        expect((await readContent(id)).scheduledAt).toBe(later);
      });

      it('reschedules FAILED content only with a future time', async () => {
        const id = await contentIn('FAILED');
        const before = await readContent(id);
        expect(await transitionContent(id, 'SCHEDULED', { scheduledAt: inDays(-1) })).toMatchObject({
          __typename: 'InvalidTransitionError',
          code: 'INVALID_TRANSITION',
          from: 'FAILED',
          to: 'SCHEDULED',
        });
        expect(await readContent(id)).toEqual(before);
        const later = inDays(3);
        expect(await transitionContent(id, 'SCHEDULED', { scheduledAt: later })).toMatchObject({
          __typename: 'Content',
          status: 'SCHEDULED',
          scheduledAt: later,
        });
      });
    });

    describe('publishing outcome', () => {
      it('sets publishedAt and postUrl when PUBLISHED', async () => {
        const id = await contentIn('PUBLISHING');
        const before = await readContent(id);
        expect(before).toMatchObject({ publishedAt: null, postUrl: null });
        const start = Date.now();
        const result = expectType(await transitionContent(id, 'PUBLISHED', { postUrl: 'https://x.com/herald/status/1' }), 'Content');
        expect(result.postUrl).toBe('https://x.com/herald/status/1');
        expect(result.publishedAt).not.toBeNull();
        const publishedAt = new Date(result.publishedAt!).getTime();
        expect(publishedAt).toBeGreaterThanOrEqual(start - 5_000);
        expect(publishedAt).toBeLessThanOrEqual(Date.now() + 5_000);
        expect(await readContent(id)).toMatchObject({
          status: 'PUBLISHED',
          postUrl: 'https://x.com/herald/status/1',
          publishedAt: result.publishedAt,
          errorMessage: null,
        });
      });

      it('stores errorMessage when FAILED and clears it when moved back to DRAFT', async () => {
        const id = await contentIn('PUBLISHING');
        const failed = await transitionContent(id, 'FAILED', { errorMessage: 'Token expired' });
        expect(failed).toMatchObject({ __typename: 'Content', status: 'FAILED', errorMessage: 'Token expired', publishedAt: null });
        expect((await readContent(id)).errorMessage).toBe('Token expired');
        const draft = await transitionContent(id, 'DRAFT', {});
        expect(draft).toMatchObject({ __typename: 'Content', status: 'DRAFT', errorMessage: null });
        expect(await readContent(id)).toMatchObject({ status: 'DRAFT', errorMessage: null });
      });

      it('stores some errorMessage when FAILED without one', async () => {
        const id = await contentIn('PUBLISHING');
        const failed = expectType(await transitionContent(id, 'FAILED', {}), 'Content');
        expect(failed.status).toBe('FAILED');
        expect(failed.errorMessage).toBeTruthy();
      });
    });

    it.each([1, 2, 3])('lets exactly one of 10 identical concurrent transitions through (round %i)', async () => {
      const id = await contentIn('DRAFT');
      const results = await Promise.all(Array.from({ length: 10 }, () => transitionContent(id, 'REVIEW')));
      const winners = results.filter((r) => r.__typename === 'Content');
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ status: 'REVIEW' });
      const losers = results.filter((r) => r.__typename !== 'Content');
      expect(losers).toHaveLength(9);
      for (const loser of losers) {
        expect(loser).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', to: 'REVIEW' });
      }
      expect((await readContent(id)).status).toBe('REVIEW');
    });

    it('lets exactly one concurrent scheduling through', async () => {
      const id = await contentIn('APPROVED');
      const times = Array.from({ length: 10 }, (_, i) => inDays(i + 1));
      const results = await Promise.all(times.map((scheduledAt) => transitionContent(id, 'SCHEDULED', { scheduledAt })));
      const winners = results.filter((r) => r.__typename === 'Content');
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.__typename === 'InvalidTransitionError')).toHaveLength(9);
      const winner = expectType(winners[0], 'Content');
      expect(await readContent(id)).toMatchObject({ status: 'SCHEDULED', scheduledAt: winner.scheduledAt });
    });
  });

  async function createContentWith(extra: { scheduledAt: string }) {
    const { createContent } = await server.client.data(
      CreateContent,
      { input: { campaignId, day: 2, platform: 'FACEBOOK', contentType: 'POST', caption: 'Weekend special', ...extra } },
      { token: user.token },
    );
    return expectType(createContent, 'Content').id;
  }
});
