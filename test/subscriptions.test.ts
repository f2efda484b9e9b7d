import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { onQuery, prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, recordEngagement, seedTenant, signUpUser } from './support/fixtures.ts';
import { TransitionCampaign, TransitionContent, UpdateCampaign } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs, type WsClient } from './support/subscriptions.ts';
import { untilNoStatements } from './support/quiet.ts';

const OnContentStatus = graphql(`
  subscription OnContentStatus($businessId: ID, $campaignId: ID) {
    contentStatusChanged(businessId: $businessId, campaignId: $campaignId) {
      eventId previousStatus status changedAt
      actor { id }
      content { id status caption campaign { id name } business { id } }
    }
  }
`);

const OnStatusCaption = graphql(`
  subscription OnStatusCaption($businessId: ID) {
    contentStatusChanged(businessId: $businessId) { status content { id caption } }
  }
`);

const OnAnalytics = graphql(`
  subscription OnAnalytics($businessId: ID, $campaignId: ID, $contentId: ID) {
    analyticsUpdated(businessId: $businessId, campaignId: $campaignId, contentId: $contentId) {
      id collectedAt metrics { likes } content { id }
    }
  }
`);

const OnCampaign = graphql(`
  subscription OnCampaign($businessId: ID!) {
    campaignUpdated(businessId: $businessId) {
      eventId change previousStatus status
      campaign { id name status business { id } }
    }
  }
`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The server under test runs in this process, so its bus can be asked directly.
let activeSubscriptions: () => number;

/** The server's open subscriptions once earlier ones have finished closing. */
async function settledSubscriptions(): Promise<number> {
  let last = -1;
  for (let stable = 0; stable < 3; ) {
    const now = activeSubscriptions();
    stable = now === last ? stable + 1 : 0;
    last = now;
    await pause(15);
  }
  return last;
}

/** Subscriptions start asynchronously on the server; wait until it holds `count` more. */
async function subscribed(baseline: number, count = 1) {
  for (let i = 0; i < 200 && activeSubscriptions() < baseline + count; i++) await pause(10);
  expect(activeSubscriptions()).toBeGreaterThanOrEqual(baseline + count);
}

describe.skipIf(databaseMissing)(`subscriptions over graphql-ws (${testProvider})`, () => {
  let server: TestServer;
  let a: Awaited<ReturnType<typeof seedTenant>>;
  let b: Awaited<ReturnType<typeof seedTenant>>;
  const sockets: WsClient[] = [];
  const connect = (token: string | null) => {
    const ws = connectWs(server.url, token);
    sockets.push(ws);
    return ws;
  };

  beforeAll(async () => {
    server = await startTestServer();
    activeSubscriptions = () => server.app.events.activeSubscriptions();
    a = await seedTenant(server.client, 'Alice');
    b = await seedTenant(server.client, 'Bob');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((ws) => ws.dispose()));
    await server?.stop();
  });

  it('pushes content creation and every status change, in order, with nested fields', async () => {
    const base = await settledSubscriptions();
    const sub = connect(a.user.token).subscribe(OnContentStatus, { businessId: a.business.id });
    await subscribed(base);

    const content = await createContent(server.client, a.user, a.campaign.id, 3);
    for (const to of ['REVIEW', 'APPROVED'] as const) {
      await server.client.data(TransitionContent, { id: content.id, to }, { token: a.user.token });
    }
    const events = [await sub.next(), await sub.next(), await sub.next()].map((e) => e.contentStatusChanged);
    expect(events.map((e) => [e.previousStatus, e.status])).toEqual([
      [null, 'DRAFT'],
      ['DRAFT', 'REVIEW'],
      ['REVIEW', 'APPROVED'],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    expect(events[2].content).toMatchObject({ id: content.id, status: 'APPROVED', campaign: { id: a.campaign.id }, business: { id: a.business.id } });
    expect(events[0].actor?.id).toBe(a.user.id);
    expect(Number.isNaN(Date.parse(events[0].changedAt))).toBe(false);
    sub.unsubscribe();
  });

  it('reads a changed row once per distinct selection, however many subscribers it goes to', async () => {
    const owner = await seedTenant(server.client, 'Crowded');
    /** SQL statements of one transition and its deliveries to `copies` subscribers of each of two selections. */
    const statementsFor = async (copies: number, day: number) => {
      // One socket per selection: a socket runs at most 100 operations.
      const [fullSocket, shortSocket] = [connect(owner.user.token), connect(owner.user.token)];
      const content = await createContent(server.client, owner.user, owner.campaign.id, day);
      const base = await settledSubscriptions();
      const subs = [
        ...Array.from({ length: copies }, () => fullSocket.subscribe(OnContentStatus, { businessId: owner.business.id })),
        ...Array.from({ length: copies }, () => shortSocket.subscribe(OnStatusCaption, { businessId: owner.business.id })),
      ];
      await subscribed(base, subs.length);
      // Background work (webhook dispatch, cache invalidation) of the setup's events is not counted;
      // that of the transition is, all of it, whatever the machine's speed.
      await untilNoStatements();
      const statements: string[] = [];
      const stop = onQuery((sql) => statements.push(sql));
      try {
        await server.client.data(TransitionContent, { id: content.id, to: 'REVIEW' }, { token: owner.user.token });
        await Promise.all(subs.map((sub) => sub.next()));
        await untilNoStatements();
      } finally {
        stop();
        for (const sub of subs) sub.unsubscribe();
      }
      return statements.length;
    };
    expect(await statementsFor(100, 6)).toBe(await statementsFor(1, 5));
  });

  it('applies every filter given: a campaign filter ignores the business’s other campaigns', async () => {
    const other = await createCampaign(server.client, a.user, a.business.id, 'Other');
    const base = await settledSubscriptions();
    const sub = connect(a.user.token).subscribe(OnContentStatus, { businessId: a.business.id, campaignId: other.id });
    await subscribed(base);
    await createContent(server.client, a.user, a.campaign.id, 4); // not this campaign
    const mine = await createContent(server.client, a.user, other.id, 1);
    expect((await sub.next()).contentStatusChanged.content.id).toBe(mine.id);
    expect(await sub.expectSilence()).toBe(true);
    sub.unsubscribe();
  });

  it('pushes each recorded snapshot for the content asked for', async () => {
    const second = await createContent(server.client, a.user, a.campaign.id, 5);
    const base = await settledSubscriptions();
    const sub = connect(a.user.token).subscribe(OnAnalytics, { contentId: a.content.id });
    await subscribed(base);
    await recordEngagement(server.client, a.user, second.id, new Date(), 1);
    const snapshot = await recordEngagement(server.client, a.user, a.content.id, new Date(), 42);
    const event = (await sub.next()).analyticsUpdated;
    expect(event).toMatchObject({ id: snapshot.id, metrics: { likes: 42 }, content: { id: a.content.id } });
    expect(await sub.expectSilence()).toBe(true);
    sub.unsubscribe();
  });

  it('pushes campaign creation, updates and transitions', async () => {
    const base = await settledSubscriptions();
    const sub = connect(a.user.token).subscribe(OnCampaign, { businessId: a.business.id });
    await subscribed(base);
    const campaign = await createCampaign(server.client, a.user, a.business.id, 'Live');
    await server.client.data(UpdateCampaign, { input: { id: campaign.id, name: 'Live!' } }, { token: a.user.token });
    await server.client.data(TransitionCampaign, { id: campaign.id, to: 'ACTIVE' }, { token: a.user.token });
    const events = [await sub.next(), await sub.next(), await sub.next()].map((e) => e.campaignUpdated);
    expect(events.map((e) => [e.change, e.previousStatus, e.status])).toEqual([
      ['CREATED', null, 'DRAFT'],
      ['UPDATED', 'DRAFT', 'DRAFT'],
      ['TRANSITIONED', 'DRAFT', 'ACTIVE'],
    ]);
    expect(events[2].campaign).toMatchObject({ id: campaign.id, name: 'Live!', status: 'ACTIVE', business: { id: a.business.id } });
    sub.unsubscribe();
  });

  it('publishes nothing for a write that fails', async () => {
    const base = await settledSubscriptions();
    const sub = connect(a.user.token).subscribe(OnContentStatus, { campaignId: a.campaign.id });
    await subscribed(base);
    const refused = await server.client.data(TransitionContent, { id: a.content.id, to: 'PUBLISHED' }, { token: a.user.token });
    expect(refused.transitionContent.__typename).toBe('InvalidTransitionError');
    const unscheduled = await server.client.data(TransitionContent, { id: a.content.id, to: 'REVIEW' }, { token: a.user.token });
    expect(unscheduled.transitionContent.__typename).toBe('Content');
    // The first event is the successful write's: the refused one published nothing.
    expect((await sub.next()).contentStatusChanged).toMatchObject({ previousStatus: 'DRAFT', status: 'REVIEW' });
    sub.unsubscribe();
  });

  it('never lets one tenant subscribe to, or receive, another tenant’s events', async () => {
    const intruder = connect(b.user.token);
    const cases = [
      intruder.subscribe(OnContentStatus, { businessId: a.business.id }),
      intruder.subscribe(OnContentStatus, { campaignId: a.campaign.id }),
      intruder.subscribe(OnContentStatus, { businessId: b.business.id, campaignId: a.campaign.id }),
      intruder.subscribe(OnAnalytics, { contentId: a.content.id }),
      intruder.subscribe(OnCampaign, { businessId: a.business.id }),
      intruder.subscribe(OnCampaign, { businessId: a.campaign.id }), // right id, wrong type
    ];
    for (const sub of cases) expect((await sub.errors)[0]?.extensions?.code).toBe('NOT_FOUND');

    const base = await settledSubscriptions();
    const own = intruder.subscribe(OnContentStatus, { businessId: b.business.id });
    await subscribed(base);
    await createContent(server.client, a.user, a.campaign.id, 6);
    await server.client.data(TransitionContent, { id: (await createContent(server.client, a.user, a.campaign.id, 7)).id, to: 'REVIEW' }, { token: a.user.token });
    expect(await own.expectSilence(500)).toBe(true);
    own.unsubscribe();
  });

  it('requires at least one filter', async () => {
    const sub = connect(a.user.token).subscribe(OnContentStatus, {});
    expect((await sub.errors)[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('closes the socket with 4403 without a valid token', async () => {
    for (const token of [null, 'garbage', `${a.user.token}x`]) {
      const ws = connect(token);
      ws.subscribe(OnContentStatus, { businessId: a.business.id });
      expect((await ws.closed).code).toBe(4403);
    }
  });

  it('checks the token again on every subscribe', async () => {
    const user = await signUpUser(server.client, 'Leaving');
    const business = await createBusiness(server.client, user, 'Closing down');
    const ws = connect(user.token);
    const base = await settledSubscriptions();
    const first = ws.subscribe(OnCampaign, { businessId: business.id });
    await subscribed(base);
    await createCampaign(server.client, user, business.id);
    expect((await first.next()).campaignUpdated.change).toBe('CREATED');
    await prisma.user.update({ where: { email: user.email }, data: { isActive: false } });
    ws.subscribe(OnCampaign, { businessId: business.id });
    expect((await ws.closed).code).toBe(4403);
  });

  it('serves a subscription over Server-Sent Events', async () => {
    const base = await settledSubscriptions();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${a.user.token}` },
      body: JSON.stringify({
        query: 'subscription($id: ID!) { contentStatusChanged(campaignId: $id) { status content { id } } }',
        variables: { id: a.campaign.id },
      }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    await subscribed(base);
    const content = await createContent(server.client, a.user, a.campaign.id, 8);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: next')) text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(/data: (.*)/.exec(text.slice(text.indexOf('event: next')))![1]);
    expect(data.data.contentStatusChanged).toEqual({ status: 'DRAFT', content: { id: content.id } });
    await reader.cancel();
  });

  it('releases every listener after 500 abrupt disconnects', async () => {
    const baseline = await settledSubscriptions();
    const wsUrl = server.url.replace(/^http/, 'ws');
    const query = 'subscription($id: ID!) { contentStatusChanged(businessId: $id) { status } }';
    for (let round = 0; round < 50; round++) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
            socket.on('error', reject);
            socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${a.user.token}` } })));
            socket.on('message', (raw) => {
              if (JSON.parse(String(raw)).type !== 'connection_ack') return;
              socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { id: a.business.id } } }));
              // Give the server a moment to start the subscription, then vanish without a close frame.
              setTimeout(() => {
                socket.terminate();
                resolve();
              }, 5);
            });
          }),
        ),
      );
    }
    for (let i = 0; i < 300 && activeSubscriptions() !== baseline; i++) await new Promise((r) => setTimeout(r, 20));
    expect(activeSubscriptions()).toBe(baseline);
  }, 60_000);
});
