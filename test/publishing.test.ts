import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../src/outbound-http.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { ConnectSocialAccount, CreateContent, TransitionContent, UpdateContent } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type WsClient } from './support/subscriptions.ts';

const PublishedContent = graphql(`
  query PublishedContent($id: ID!) {
    content(id: $id) {
      id status scheduledAt publishedAt postUrl platformPostId errorMessage
      analytics(first: 10) { totalCount edges { node { source collectedAt metrics { reach likes } } } }
    }
  }
`);

const Accounts = graphql(`
  query Accounts($id: ID!) {
    business(id: $id) { socialAccounts { id platform provider handle status url hasSecret lastError } }
  }
`);

const UpdateAccount = graphql(`
  mutation UpdateAccount($input: UpdateSocialAccountInput!) {
    updateSocialAccount(input: $input) { __typename ... on SocialAccount { id status url hasSecret } ... on Error { code message } }
  }
`);

const DisconnectAccount = graphql(`
  mutation DisconnectAccount($input: DisconnectSocialAccountInput!) {
    disconnectSocialAccount(input: $input) { __typename ... on SocialAccount { id status } ... on Error { code message } }
  }
`);

const Calendar = graphql(`
  query Calendar($businessId: ID!, $from: DateTime!, $to: DateTime!, $platform: Platform, $status: ContentStatus) {
    calendar(businessId: $businessId, from: $from, to: $to, platform: $platform, status: $status, first: 20) {
      totalCount
      edges { node { id platform status scheduledAt } }
    }
  }
`);

const OnPublishing = graphql(`
  subscription OnPublishing($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { previousStatus status actor { id } content { id } }
  }
`);

const OnEngagement = graphql(`
  subscription OnEngagement($contentId: ID) {
    analyticsUpdated(contentId: $contentId) { id source metrics { reach } }
  }
`);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver: records each delivery and answers what `respond` says. */
async function startReceiver(respond: (delivery: number) => { status: number; json?: unknown }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const { status, json } = respond(received.length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe.skipIf(databaseMissing)(`publishing (${testProvider})`, () => {
  let server: TestServer;
  let user: TestUser;
  let businessId: string;
  let campaignId: string;
  const sockets: WsClient[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      PUBLISH_MAX_ATTEMPTS: '2',
      PUBLISH_RETRY_DELAY_SECONDS: '1',
      ENGAGEMENT_COLLECTION_HOURS: '0.0003,0.0006',
      ENGAGEMENT_COLLECTION_DAYS: '0',
      // Jobs due later are found by polling on PostgreSQL.
      JOB_POLL_SECONDS: '0.5',
    });
    user = await signUpUser(server.client, 'Publisher');
    businessId = (await createBusiness(server.client, user)).id;
    campaignId = (await createCampaign(server.client, user, businessId)).id;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    for (const close of closers) await close();
    await server?.stop();
  });

  const as = (token = user.token) => ({ token });

  async function newContent(platform: 'INSTAGRAM' | 'FACEBOOK' | 'TWITTER' | 'LINKEDIN', extra: Record<string, unknown> = {}) {
    const { createContent } = await server.client.data(
      CreateContent,
      { input: { campaignId, day: 1, platform, contentType: 'POST', caption: `Fresh bread on ${platform}`, ...extra } },
      as(),
    );
    const id = expectType(createContent, 'Content').id;
    for (const to of ['REVIEW', 'APPROVED'] as const) expectType((await server.client.data(TransitionContent, { id, to }, as())).transitionContent, 'Content');
    return id;
  }
  const schedule = async (id: string, scheduledAt: string) => (await server.client.data(TransitionContent, { id, to: 'SCHEDULED', scheduledAt }, as())).transitionContent;
  const read = async (id: string) => (await server.client.data(PublishedContent, { id }, as())).content!;
  const statusOf = async (id: string) => (await read(id)).status;

  it('connects accounts per platform, keeps secrets write-only and refuses what a provider cannot use', async () => {
    const offline = await connectOfflineAccount(server.client, user, businessId, 'INSTAGRAM');
    expect(offline).toMatchObject({ provider: 'OFFLINE', status: 'CONNECTED', hasSecret: false });

    const connect = (input: Record<string, unknown>, token = user.token) =>
      server.client.data(ConnectSocialAccount, { input: { businessId, handle: '@bakery', ...input } as never }, as(token));
    const again = await connect({ platform: 'INSTAGRAM', provider: 'OFFLINE' });
    expect(again.connectSocialAccount).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const noUrl = await connect({ platform: 'TWITTER', provider: 'WEBHOOK', secret: secret() });
    expect(noUrl.connectSocialAccount).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    const weakSecret = await connect({ platform: 'TWITTER', provider: 'WEBHOOK', url: 'https://hooks.example.com/x', secret: 'hunter2' });
    expect(weakSecret.connectSocialAccount).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(weakSecret)).not.toContain('hunter2');

    const signing = secret();
    const webhook = expectType((await connect({ platform: 'LINKEDIN', provider: 'WEBHOOK', url: 'https://hooks.example.com/in', secret: signing })).connectSocialAccount, 'SocialAccount');
    expect(webhook).toMatchObject({ provider: 'WEBHOOK', url: 'https://hooks.example.com/in', hasSecret: true });
    const listed = (await server.client.data(Accounts, { id: businessId }, as())).business!.socialAccounts;
    expect(listed.map((account) => account.platform).sort()).toEqual(['INSTAGRAM', 'LINKEDIN']);
    expect(JSON.stringify(listed)).not.toContain(signing.slice(6, 20));

    // Another tenant can neither connect to this business nor touch its accounts.
    const stranger = await signUpUser(server.client, 'Stranger');
    expect((await connect({ platform: 'FACEBOOK', provider: 'OFFLINE' }, stranger.token)).connectSocialAccount).toMatchObject({ code: 'NOT_FOUND' });
    const foreignUpdate = await server.client.data(UpdateAccount, { input: { id: webhook.id, url: 'https://evil.example.com' } }, as(stranger.token));
    expect(foreignUpdate.updateSocialAccount).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(DisconnectAccount, { input: { id: webhook.id } }, as(stranger.token))).disconnectSocialAccount).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to schedule without a connected account, or content its platform would reject, changing nothing', async () => {
    const noAccount = await newContent('FACEBOOK');
    const refused = await schedule(noAccount, inSeconds(3600));
    expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(refused.__typename === 'ValidationError' && refused.message).toMatch(/Connect a FACEBOOK account/);
    expect(await statusOf(noAccount)).toBe('APPROVED');

    const noMedia = await newContent('INSTAGRAM');
    const medialess = await schedule(noMedia, inSeconds(3600));
    expect(medialess).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(medialess.__typename === 'ValidationError' && medialess.message).toMatch(/needs an image or a video/);
    expect(await statusOf(noMedia)).toBe('APPROVED');
  });

  it('publishes OFFLINE content when its time comes, announces each move as the system, then collects simulated engagement', async () => {
    const id = await newContent('INSTAGRAM', { media: { imageUrl: 'https://cdn.example.com/bread.jpg' } });
    const socket = connectWs(server.url, user.token);
    sockets.push(socket);
    const moves = socket.subscribe(OnPublishing, { businessId });
    const readings = socket.subscribe(OnEngagement, { contentId: id });
    await new Promise((resolve) => setTimeout(resolve, 200));

    expectType(await schedule(id, inSeconds(1.5)), 'Content');
    expect(await moves.next()).toMatchObject({ contentStatusChanged: { previousStatus: 'APPROVED', status: 'SCHEDULED', actor: { id: user.id } } });
    expect(await moves.next(10_000)).toMatchObject({ contentStatusChanged: { previousStatus: 'SCHEDULED', status: 'PUBLISHING', actor: null, content: { id } } });
    expect(await moves.next(10_000)).toMatchObject({ contentStatusChanged: { previousStatus: 'PUBLISHING', status: 'PUBLISHED', actor: null, content: { id } } });

    const published = await read(id);
    expect(published.postUrl).toMatch(/^https:\/\/offline\.herald\.invalid\/instagram\//);
    expect(published.platformPostId).toBeTruthy();
    expect(new Date(published.publishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(published.scheduledAt!).getTime() - 1_000);

    // Two rounds configured: two snapshots, labelled as simulated, each announced by the system.
    const first = (await readings.next(15_000)).analyticsUpdated;
    const second = (await readings.next(15_000)).analyticsUpdated;
    expect([first.source, second.source]).toEqual(['OFFLINE', 'OFFLINE']);
    expect(second.metrics.reach).toBeGreaterThanOrEqual(first.metrics.reach);
    expect(await readings.expectSilence(2_000)).toBe(true);
    expect((await read(id)).analytics.totalCount).toBe(2);
  });

  it('publishes through a WEBHOOK account: signed, the answer kept, the same webhook-id on every retry', async () => {
    const receiver = await startReceiver((delivery) =>
      delivery === 1 ? { status: 503 } : { status: 200, json: { postUrl: 'https://twitter.com/bakery/status/42', platformPostId: '42' } },
    );
    closers.push(receiver.close);
    const signing = secret();
    const connected = await server.client.data(
      ConnectSocialAccount,
      { input: { businessId, platform: 'TWITTER', provider: 'WEBHOOK', handle: '@bakery', url: receiver.url, secret: signing } },
      as(),
    );
    expectType(connected.connectSocialAccount, 'SocialAccount');
    const id = await newContent('TWITTER');
    expectType(await schedule(id, inSeconds(1)), 'Content');

    await expect.poll(() => statusOf(id), { timeout: 15_000, interval: 100 }).toBe('PUBLISHED');
    expect(await read(id)).toMatchObject({ postUrl: 'https://twitter.com/bakery/status/42', platformPostId: '42' });
    expect(receiver.received).toHaveLength(2);
    const [failed, delivered] = receiver.received;
    expect(failed!.headers['webhook-id']).toBe(delivered!.headers['webhook-id']);
    // Verifies with the secret the receiver was given, as a Standard Webhooks receiver would.
    const verified = new Webhook(signing).verify(delivered!.body, {
      'webhook-id': String(delivered!.headers['webhook-id']),
      'webhook-timestamp': String(delivered!.headers['webhook-timestamp']),
      'webhook-signature': String(delivered!.headers['webhook-signature']),
    }) as { type: string; data: { contentId: string; caption: string; platform: string } };
    expect(verified).toMatchObject({ type: 'content.publish', data: { caption: 'Fresh bread on TWITTER', platform: 'TWITTER' } });
    expect(JSON.stringify(receiver.received)).not.toContain(signing);
  });

  it('fails content after the last attempt, saying why, and records it on the account', async () => {
    const receiver = await startReceiver(() => ({ status: 500 }));
    closers.push(receiver.close);
    const [account] = (await server.client.data(Accounts, { id: businessId }, as())).business!.socialAccounts.filter((a) => a.platform === 'TWITTER');
    expectType((await server.client.data(UpdateAccount, { input: { id: account!.id, url: receiver.url } }, as())).updateSocialAccount, 'SocialAccount');
    const id = await newContent('TWITTER');
    expectType(await schedule(id, inSeconds(1)), 'Content');

    await expect.poll(() => statusOf(id), { timeout: 15_000, interval: 100 }).toBe('FAILED');
    expect((await read(id)).errorMessage).toBe('Publishing failed: The webhook answered 500');
    expect(receiver.received).toHaveLength(2);
    const after = (await server.client.data(Accounts, { id: businessId }, as())).business!.socialAccounts.find((a) => a.platform === 'TWITTER');
    expect(after?.lastError).toBe('The webhook answered 500');
  });

  it('moves the publication with scheduledAt, and cancels it when the content leaves SCHEDULED', async () => {
    const media = { imageUrl: 'https://cdn.example.com/bread.jpg' };
    const moved = await newContent('INSTAGRAM', { media });
    const unscheduled = await newContent('INSTAGRAM', { media });
    expectType(await schedule(moved, inSeconds(1)), 'Content');
    expectType(await schedule(unscheduled, inSeconds(1)), 'Content');
    const later = inSeconds(3600);
    expectType((await server.client.data(UpdateContent, { input: { id: moved, scheduledAt: later } }, as())).updateContent, 'Content');
    expectType((await server.client.data(TransitionContent, { id: unscheduled, to: 'APPROVED' }, as())).transitionContent, 'Content');
    // An edit that would make scheduled content unpublishable is refused.
    const mediaGone = await server.client.data(UpdateContent, { input: { id: moved, media: null } }, as());
    expect(mediaGone.updateContent).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await read(moved)).toMatchObject({ status: 'SCHEDULED', scheduledAt: later });
    expect(await statusOf(unscheduled)).toBe('APPROVED');
  });

  it('shows scheduled and published content by date in the calendar, for the owner only', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const { calendar } = await server.client.data(Calendar, { businessId, from, to }, as());
    expect(calendar.totalCount).toBeGreaterThanOrEqual(4);
    const nodes = calendar.edges.map((edge) => edge.node);
    expect(new Set(nodes.map((node) => node.status))).toEqual(new Set(['SCHEDULED', 'PUBLISHED', 'FAILED']));
    const times = nodes.map((node) => new Date(node.scheduledAt!).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const twitter = await server.client.data(Calendar, { businessId, from, to, platform: 'TWITTER', status: 'PUBLISHED' }, as());
    expect(twitter.calendar.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ platform: 'TWITTER', status: 'PUBLISHED' })]);

    const backwards = await server.client.raw(print(Calendar), { businessId, from: to, to: from }, as());
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const stranger = await signUpUser(server.client, 'Peeker');
    const foreign = await server.client.raw(print(Calendar), { businessId, from, to }, as(stranger.token));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('counts publishing attempts by provider and outcome on /metrics', async () => {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    const value = (provider: string, outcome: string) =>
      Number(new RegExp(`^herald_publish_attempts_total\\{provider="${provider}",outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    expect(value('OFFLINE', 'published')).toBeGreaterThanOrEqual(1);
    expect(value('WEBHOOK', 'published')).toBe(1);
    expect(value('WEBHOOK', 'retrying')).toBe(2);
    expect(value('WEBHOOK', 'failed')).toBe(1);
  });

  it('gives a disconnected platform back: connecting again replaces the account, with another provider if wanted', async () => {
    const [instagram] = (await server.client.data(Accounts, { id: businessId }, as())).business!.socialAccounts.filter((a) => a.platform === 'INSTAGRAM');
    expectType((await server.client.data(DisconnectAccount, { input: { id: instagram!.id } }, as())).disconnectSocialAccount, 'SocialAccount');
    const signing = secret();
    const again = await server.client.data(
      ConnectSocialAccount,
      { input: { businessId, platform: 'INSTAGRAM', provider: 'WEBHOOK', handle: '@bakery', url: 'https://hooks.example.com/ig', secret: signing } },
      as(),
    );
    expect(expectType(again.connectSocialAccount, 'SocialAccount')).toMatchObject({ id: instagram!.id, provider: 'WEBHOOK', status: 'CONNECTED', hasSecret: true });
    const offlineWithSecret = await server.client.data(
      ConnectSocialAccount,
      { input: { businessId, platform: 'FACEBOOK', provider: 'OFFLINE', handle: '@bakery', secret: 'garbage' } },
      as(),
    );
    expect(offlineWithSecret.connectSocialAccount).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('gives up on a receiver that answers byte by byte once the whole exchange has taken its time', async () => {
    const drip = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => drip.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => drip.close(() => resolve())));
    const started = Date.now();
    await expect(postJson(`http://127.0.0.1:${(drip.address() as AddressInfo).port}/`, {}, { timeoutMs: 1_000, allowPrivate: true })).rejects.toThrow(/No answer within/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never posts to a private address unless allowed', async () => {
    const receiver = await startReceiver(() => ({ status: 200 }));
    closers.push(receiver.close);
    await expect(postJson(receiver.url, {}, { timeoutMs: 2_000, allowPrivate: false })).rejects.toThrow(/not allowed/i);
    expect(receiver.received).toHaveLength(0);
    expect((await postJson(receiver.url, {}, { timeoutMs: 2_000, allowPrivate: true })).status).toBe(200);
  });
});
