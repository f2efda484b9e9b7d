import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.ts';
import { createAyrsharePublisher } from '../src/modules/publishing/ayrshare-publisher.ts';
import type { PostToPublish, PublishedAccount } from '../src/modules/publishing/publisher.ts';
import { type AyrshareStub, refusedPost, startAyrshareStub } from './support/ayrshare-stub.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { TransitionContent } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The AYRSHARE provider against a loopback stand-in of Ayrshare's REST API: content scheduled
// through GraphQL is published by the publish-content job with the account's API key, its
// engagement is read back, refusals fail at once, outages are retried, and the key never leaves.

const ConnectAyrshare = graphql(`
  mutation ConnectAyrshareAccount($input: CreateSocialAccountInput!) {
    connectSocialAccount(input: $input) {
      __typename
      ... on SocialAccount { id platform provider handle status url hasSecret hasProfileKey lastError }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const UpdateAyrshare = graphql(`
  mutation UpdateAyrshareAccount($input: UpdateSocialAccountInput!) {
    updateSocialAccount(input: $input) {
      __typename
      ... on SocialAccount { id hasSecret hasProfileKey }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const AyrshareContent = graphql(`
  query AyrshareContent($id: ID!) {
    content(id: $id) {
      id status postUrl platformPostId errorMessage publishedAt
      business { socialAccounts { platform provider hasSecret hasProfileKey lastError } }
      analytics(first: 10) {
        edges { node { source platform metrics { impressions reach views likes comments shares saves clicks engagementRate } } }
      }
    }
  }
`);

const POLL = { timeout: 20_000, interval: 100 };
const PROFILE_KEY = 'PRF-7D2C-4B1A-9E3F';

describe.skipIf(databaseMissing)(`AYRSHARE publishing (${testProvider})`, () => {
  let server: TestServer;
  let stub: AyrshareStub;
  const logLines: string[] = [];
  /** Every GraphQL answer of the suite, to check that the API key is in none. */
  const answers: string[] = [];

  beforeAll(async () => {
    stub = await startAyrshareStub();
    server = await startTestServer(
      {
        AYRSHARE_BASE_URL: stub.url,
        AYRSHARE_ALLOW_PRIVATE_URLS: 'true',
        PUBLISH_RETRY_DELAY_SECONDS: '1',
        ENGAGEMENT_COLLECTION_HOURS: '0.0005',
        ENGAGEMENT_COLLECTION_DAYS: '0',
        // pg-boss finds a job that falls due, or a retry, when it next polls.
        JOB_POLL_SECONDS: '0.5',
      },
      undefined,
      { logLines },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });
  beforeEach(() => stub.reset());

  async function ask<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables, user: TestUser): Promise<TResult> {
    const result = await server.client.request(document, variables, { token: user.token });
    answers.push(JSON.stringify(result));
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
    return result.data;
  }

  /** A new tenant whose business has an AYRSHARE account for INSTAGRAM, and an INSTAGRAM post with an image. */
  async function tenantWithAccount(input: { profileKey?: string } = {}) {
    const user = await signUpUser(server.client, 'Ayr');
    const business = await createBusiness(server.client, user);
    const campaign = await createCampaign(server.client, user, business.id);
    const { connectSocialAccount } = await ask(ConnectAyrshare, { input: { businessId: business.id, platform: 'INSTAGRAM', provider: 'AYRSHARE', handle: '@sunrise', secret: stub.apiKey, ...input } }, user);
    const account = expectType(connectSocialAccount, 'SocialAccount');
    const content = await createContent(server.client, user, campaign.id);
    return { user, business, campaign, account, content };
  }

  /** Through REVIEW and APPROVED to SCHEDULED, due in two seconds. */
  async function schedule(user: TestUser, id: string) {
    for (const to of ['REVIEW', 'APPROVED'] as const) expectType((await ask(TransitionContent, { id, to }, user)).transitionContent, 'Content');
    const scheduledAt = new Date(Date.now() + 2_000).toISOString();
    expectType((await ask(TransitionContent, { id, to: 'SCHEDULED', scheduledAt }, user)).transitionContent, 'Content');
  }

  const readContent = async (user: TestUser, id: string) => (await ask(AyrshareContent, { id }, user)).content!;
  const statusOf = async (user: TestUser, id: string) => (await readContent(user, id)).status;
  const postRequests = () => stub.requests.filter((request) => request.endpoint === 'post');

  describe('connecting an account', () => {
    it('keeps the API key and profile key write-only', async () => {
      const { account } = await tenantWithAccount({ profileKey: PROFILE_KEY });
      expect(account).toMatchObject({ provider: 'AYRSHARE', platform: 'INSTAGRAM', status: 'CONNECTED', url: null, hasSecret: true, hasProfileKey: true });
    });

    it.each(['SMS', 'EMAIL'] as const)('refuses %s, which Ayrshare does not publish to, as BAD_USER_INPUT', async (platform) => {
      const user = await signUpUser(server.client, 'Sms');
      const business = await createBusiness(server.client, user);
      const { connectSocialAccount } = await ask(ConnectAyrshare, { input: { businessId: business.id, platform, provider: 'AYRSHARE', handle: 'shop', secret: stub.apiKey } }, user);
      const refused = expectType(connectSocialAccount, 'ValidationError');
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.fieldErrors).toEqual([{ path: ['input', 'platform'], message: expect.stringContaining(`Ayrshare does not publish to ${platform}`) }]);
    });

    it('refuses an account without an API key', async () => {
      const user = await signUpUser(server.client, 'NoKey');
      const business = await createBusiness(server.client, user);
      const { connectSocialAccount } = await ask(ConnectAyrshare, { input: { businessId: business.id, platform: 'FACEBOOK', provider: 'AYRSHARE', handle: 'shop' } }, user);
      expect(expectType(connectSocialAccount, 'ValidationError').fieldErrors).toEqual([{ path: ['input', 'secret'], message: expect.stringContaining('Ayrshare API key') }]);
    });

    it('takes a profile key only for AYRSHARE accounts', async () => {
      const user = await signUpUser(server.client, 'Offline');
      const business = await createBusiness(server.client, user);
      const { connectSocialAccount } = await ask(ConnectAyrshare, { input: { businessId: business.id, platform: 'FACEBOOK', provider: 'OFFLINE', handle: 'shop', profileKey: PROFILE_KEY } }, user);
      expect(expectType(connectSocialAccount, 'ValidationError').fieldErrors).toEqual([{ path: ['input', 'profileKey'], message: 'Only AYRSHARE accounts take a profile key' }]);

      const ayrshare = await tenantWithAccount();
      expect(ayrshare.account.hasProfileKey).toBe(false);
      const { updateSocialAccount } = await ask(UpdateAyrshare, { input: { id: ayrshare.account.id, profileKey: PROFILE_KEY } }, ayrshare.user);
      expect(updateSocialAccount).toMatchObject({ __typename: 'SocialAccount', hasSecret: true, hasProfileKey: true });
    });
  });

  describe('publishing', () => {
    it('publishes scheduled content with the documented request and stores what Ayrshare answered', async () => {
      const { user, content } = await tenantWithAccount({ profileKey: PROFILE_KEY });
      await schedule(user, content.id);
      await expect.poll(() => statusOf(user, content.id), POLL).toBe('PUBLISHED');

      expect(postRequests()).toHaveLength(1);
      const [request] = postRequests();
      expect(request!.path).toBe('/api/post');
      expect(request!.headers.authorization).toBe(`Bearer ${stub.apiKey}`);
      expect(request!.headers['profile-key']).toBe(PROFILE_KEY);
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.body).toEqual({ post: 'Day 1: fresh croissants\n#bakery', platforms: ['instagram'], mediaUrls: ['https://cdn.example.com/croissants.jpg'] });

      const published = await readContent(user, content.id);
      const answered = request!.answer!.body;
      expect(answered).toMatchObject({ status: 'success', postIds: [{ status: 'success', platform: 'instagram' }] });
      expect(published).toMatchObject({ status: 'PUBLISHED', platformPostId: answered.id, postUrl: answered.postIds[0].postUrl, errorMessage: null });
      expect(published.postUrl).toMatch(/^https:\/\/www\.instagram\.example\/p\/\d+$/);
      expect(published.business.socialAccounts).toEqual([{ platform: 'INSTAGRAM', provider: 'AYRSHARE', hasSecret: true, hasProfileKey: true, lastError: null }]);
    });

    it('collects engagement from /analytics/post into an AYRSHARE snapshot', async () => {
      stub.setAnalytics('instagram', {
        caption: 'Day 1: fresh croissants',
        commentsCount: 7,
        created: new Date().toISOString(),
        engagementCount: 61,
        impressionsCount: 1_250,
        likeCount: 48,
        mediaProductType: 'FEED',
        mediaType: 'IMAGE',
        reachCount: 930,
        savedCount: 6,
        username: 'sunrise',
      });
      const { user, content } = await tenantWithAccount();
      await schedule(user, content.id);
      await expect.poll(async () => (await readContent(user, content.id)).analytics.edges.length, POLL).toBe(1);

      const published = await readContent(user, content.id);
      // Posts of the earlier tests may be read meanwhile: only this one's reading counts.
      const analyticsRequests = stub.requests.filter((request) => request.endpoint === 'analytics' && request.body.id === published.platformPostId);
      expect(analyticsRequests).toHaveLength(1);
      expect(analyticsRequests[0]!.headers.authorization).toBe(`Bearer ${stub.apiKey}`);
      expect(analyticsRequests[0]!.headers['profile-key']).toBeUndefined();
      expect(analyticsRequests[0]!.body).toEqual({ id: published.platformPostId, platforms: ['instagram'] });
      expect(analyticsRequests[0]!.answer!.status).toBe(200);
      const [snapshot] = published.analytics.edges.map((edge) => edge.node);
      expect(snapshot).toMatchObject({
        source: 'AYRSHARE',
        platform: 'INSTAGRAM',
        metrics: { impressions: 1_250, reach: 930, views: 0, likes: 48, comments: 7, shares: 0, saves: 6, clicks: 0 },
      });
      expect(snapshot!.metrics.engagementRate).toBeGreaterThan(0);
    });

    it('fails at once, with Ayrshare\'s message, when Ayrshare refuses the post', async () => {
      stub.enqueue('post', { status: 400, body: refusedPost('Instagram Error: The media could not be fetched from the URL.', 138, 'instagram') });
      const { user, content } = await tenantWithAccount();
      await schedule(user, content.id);
      await expect.poll(() => statusOf(user, content.id), POLL).toBe('FAILED');

      const failed = await readContent(user, content.id);
      expect(failed.errorMessage).toBe('Publishing failed: Ayrshare refused the post (400): Instagram Error: The media could not be fetched from the URL. (Ayrshare error 138)');
      expect(failed.business.socialAccounts[0]!.lastError).toContain('The media could not be fetched');
      expect(postRequests()).toHaveLength(1);
    });

    it('retries after a 500 and publishes on the next attempt', async () => {
      stub.enqueue('post', { status: 500, body: { status: 'error', message: 'Internal error, please retry.' } });
      const { user, content } = await tenantWithAccount();
      await schedule(user, content.id);
      await expect.poll(() => statusOf(user, content.id), POLL).toBe('PUBLISHED');

      expect(postRequests()).toHaveLength(2);
      expect(postRequests()[1]!.body).toEqual(postRequests()[0]!.body);
      expect(postRequests().map((request) => request.answer!.status)).toEqual([500, 200]);
      expect((await readContent(user, content.id)).platformPostId).toBe(postRequests()[1]!.answer!.body.id);
    });

    it('retries after a dropped connection', async () => {
      stub.enqueue('post', { dropConnection: true });
      const { user, content } = await tenantWithAccount();
      await schedule(user, content.id);
      await expect.poll(() => statusOf(user, content.id), POLL).toBe('PUBLISHED');
      expect(postRequests()).toHaveLength(2);
    });

    it('fails at once on a rejected API key, and keeps the key out of the message even when Ayrshare quotes it', async () => {
      stub.enqueue('post', { status: 401, body: { action: 'authorization', status: 'error', message: `API Key ${stub.apiKey} not valid for profile ${PROFILE_KEY}.` } });
      const { user, content } = await tenantWithAccount({ profileKey: PROFILE_KEY });
      await schedule(user, content.id);
      await expect.poll(() => statusOf(user, content.id), POLL).toBe('FAILED');
      const failed = await readContent(user, content.id);
      expect(failed.errorMessage).toBe('Publishing failed: Ayrshare refused the post (401): API Key [redacted] not valid for profile [redacted].');
    });
  });

  it('reaches a loopback Ayrshare only when private URLs are allowed', async () => {
    const account: PublishedAccount = { id: 'a', platform: 'INSTAGRAM', provider: 'AYRSHARE', handle: 'h', url: null, secret: stub.apiKey, profileKey: null };
    const post: PostToPublish = {
      messageId: 'm',
      contentId: 'c',
      businessId: 'b',
      platform: 'INSTAGRAM',
      contentType: 'POST',
      title: null,
      caption: 'Hello',
      hashtags: [],
      mentions: [],
      script: null,
      media: { imageUrl: 'https://cdn.example.com/a.jpg' },
      scheduledAt: null,
    };
    const refusing = createAyrsharePublisher({ baseUrl: stub.url, allowPrivateUrls: false });
    await expect(refusing.publish(account, post, new AbortController().signal)).rejects.toThrow(/not allowed/i);
    expect(stub.requests).toHaveLength(0);
    const allowing = createAyrsharePublisher({ baseUrl: stub.url, allowPrivateUrls: true });
    await expect(allowing.publish(account, post, new AbortController().signal)).resolves.toMatchObject({ platformPostId: expect.any(String) });
  });

  it('never puts the API key or profile key in a GraphQL answer or a log line', () => {
    expect(answers.length).toBeGreaterThan(10);
    // The retried 500 was logged with Ayrshare's words, so the check below covers failures too.
    expect(logLines.some((line) => line.includes('Ayrshare answered 500: Internal error, please retry.'))).toBe(true);
    for (const text of [answers.join('\n'), logLines.join('\n')]) {
      expect(text).not.toContain(stub.apiKey);
      expect(text).not.toContain(PROFILE_KEY);
    }
  });
});
