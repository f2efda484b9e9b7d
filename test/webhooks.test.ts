import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import {
  connectOfflineAccount,
  createBusiness,
  createCampaign,
  createContent,
  expectType,
  recordEngagement,
  signUpUser,
  type TestUser,
} from './support/fixtures.ts';
import { DeleteBusiness, ReceiveMessage, TransitionContent } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const CreateEndpoint = graphql(`
  mutation CreateEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointWithSecret { secret endpoint { id url events enabled description } }
      ... on Error { code message }
    }
  }
`);

const UpdateEndpoint = graphql(`
  mutation UpdateEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpoint { id url events enabled disabledReason consecutiveFailures }
      ... on Error { code message }
    }
  }
`);

const RotateSecret = graphql(`
  mutation RotateSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      __typename
      ... on WebhookEndpointWithSecret { secret endpoint { id } }
      ... on Error { code message }
    }
  }
`);

const DeleteEndpoint = graphql(`
  mutation DeleteEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      __typename
      ... on DeletedWebhookEndpoint { deletedId }
      ... on Error { code message }
    }
  }
`);

const Redeliver = graphql(`
  mutation Redeliver($input: RedeliverWebhookInput!) {
    redeliverWebhook(input: $input) {
      __typename
      ... on WebhookDelivery { id webhookId status eventType }
      ... on Error { code message }
    }
  }
`);

const DeliveryLog = graphql(`
  query DeliveryLog($id: ID!) {
    node(id: $id) {
      __typename
      ... on WebhookEndpoint {
        id enabled disabledReason consecutiveFailures
        deliveries(first: 50) {
          totalCount
          edges { node { id webhookId eventType status attemptCount lastError payload finishedAt attempts { attempt responseStatus latencyMs error succeeded attemptedAt } } }
        }
      }
    }
  }
`);

const BusinessWebhooks = graphql(`
  query BusinessWebhooks($id: ID!) {
    business(id: $id) { id webhookEndpoints { id url events enabled } }
  }
`);

const InviteToBusiness = graphql(`
  mutation InviteToBusiness($input: InviteMemberInput!) {
    inviteMember(input: $input) { __typename ... on InviteMemberPayload { token } ... on Error { code message } }
  }
`);

const JoinBusiness = graphql(`
  mutation JoinBusiness($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) { __typename ... on Member { id role } ... on Error { code message } }
  }
`);

const GenerateWebhookCampaign = graphql(`
  mutation GenerateWebhookCampaign($input: GenerateCampaignInput!) {
    generateCampaign(input: $input) { __typename ... on Campaign { id } ... on Error { code message } }
  }
`);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

type Answer = { status: number } | 'hang';

/** A loopback webhook receiver: records every request and answers what `respond` says (or never). */
async function startReceiver(respond: (request: number) => Answer = () => ({ status: 204 })) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      const answer = respond(received.length);
      if (answer !== 'hang') res.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/herald`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, received, close };
}

/** What a Standard Webhooks receiver does: verify the signature with the secret it was given. */
const verify = (secret: string, request: Received) =>
  new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  }) as { type: string; timestamp: string; data: Record<string, unknown> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe.skipIf(databaseMissing)(`outbound webhooks (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  const logLines: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startTestServer(
      {
        WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_DELAY_SECONDS: '1',
        // Long enough for a loopback answer on a busy machine, short enough to wait out in a test.
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_DISABLE_AFTER_FAILURES: '2',
        // Retries are due later: found by polling on PostgreSQL.
        JOB_POLL_SECONDS: '0.5',
      },
      undefined,
      { logLines },
    );
    owner = await signUpUser(server.client, 'Hooked');
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await server?.stop();
  });

  const as = (user: TestUser = owner) => ({ token: user.token });

  /** A business of its own for each test, so one test's endpoints never see another's events. */
  async function newBusiness(name: string) {
    const business = await createBusiness(server.client, owner, name);
    const campaign = await createCampaign(server.client, owner, business.id);
    return { businessId: business.id, campaignId: campaign.id };
  }

  async function receiver(respond?: (request: number) => Answer) {
    const started = await startReceiver(respond);
    closers.push(started.close);
    return started;
  }

  async function createEndpoint(businessId: string, url: string, events: string[], user: TestUser = owner) {
    const { createWebhookEndpoint } = await server.client.data(CreateEndpoint, { input: { businessId, url, events: events as never, description: 'CRM sync' } }, as(user));
    return expectType(createWebhookEndpoint, 'WebhookEndpointWithSecret');
  }

  async function deliveryLog(endpointId: string) {
    const { node } = await server.client.data(DeliveryLog, { id: endpointId }, as());
    if (node?.__typename !== 'WebhookEndpoint') throw new Error(`No endpoint ${endpointId}`);
    return node;
  }
  const deliveries = async (endpointId: string) => (await deliveryLog(endpointId)).deliveries.edges.map((edge) => edge.node);
  const settled = async (endpointId: string, count: number) => {
    await expect.poll(async () => (await deliveries(endpointId)).filter((d) => d.status !== 'PENDING').length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(count);
    return deliveries(endpointId);
  };

  it('returns the signing secret once: no query shows it, and no log line', async () => {
    const { businessId } = await newBusiness('Secretive');
    const created = await createEndpoint(businessId, 'https://hooks.example.com/herald', ['CONTENT_PUBLISHED', 'CONTENT_FAILED', 'CONTENT_PUBLISHED']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.endpoint).toMatchObject({ url: 'https://hooks.example.com/herald', events: ['CONTENT_PUBLISHED', 'CONTENT_FAILED'], enabled: true, description: 'CRM sync' });

    const listed = await server.client.data(BusinessWebhooks, { id: businessId }, as());
    expect(listed.business!.webhookEndpoints).toEqual([expect.objectContaining({ id: created.endpoint.id })]);
    // The schema has no field that returns it; whatever can be read of the endpoint does not hold it.
    const everything = await server.client.raw(
      `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { id url description events enabled disabledReason disabledAt consecutiveFailures createdAt updatedAt business { id } } } }`,
      { id: created.endpoint.id },
      as(),
    );
    expect(JSON.stringify(everything)).not.toContain(created.secret.slice(6, 30));
    const rotated = expectType((await server.client.data(RotateSecret, { input: { id: created.endpoint.id } }, as())).rotateWebhookSecret, 'WebhookEndpointWithSecret');
    expect(rotated.secret).not.toBe(created.secret);
    expect(logLines.join('\n')).not.toContain(created.secret.slice(6, 30));
    expect(logLines.join('\n')).not.toContain(rotated.secret.slice(6, 30));

    const noEvents = await server.client.data(CreateEndpoint, { input: { businessId, url: 'https://hooks.example.com/x', events: [] } }, as());
    expect(noEvents.createWebhookEndpoint).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    const notHttp = await server.client.data(CreateEndpoint, { input: { businessId, url: 'ftp://hooks.example.com/x', events: ['CONTENT_PUBLISHED'] } }, as());
    expect(notHttp.createWebhookEndpoint).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
  });

  it('delivers a status change as a signed request the receiver verifies, and logs it', async () => {
    const { businessId, campaignId } = await newBusiness('Signed');
    const hook = await receiver();
    const { secret, endpoint } = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    const content = await createContent(server.client, owner, campaignId);
    expectType((await server.client.data(TransitionContent, { id: content.id, to: 'REVIEW' }, as())).transitionContent, 'Content');

    await expect.poll(() => hook.received.length, { timeout: 10_000, interval: 50 }).toBe(2);
    const messages = hook.received.map((request) => verify(secret, request));
    const byStatus = Object.fromEntries(messages.map((message) => [String(message.data.status), message]));
    expect(byStatus.DRAFT).toMatchObject({ type: 'content.status_changed', data: { businessId, campaignId, contentId: content.id, previousStatus: null, actorId: owner.id } });
    expect(byStatus.REVIEW).toMatchObject({ type: 'content.status_changed', data: { contentId: content.id, previousStatus: 'DRAFT', status: 'REVIEW' } });
    expect(Number.isNaN(Date.parse(byStatus.REVIEW!.timestamp))).toBe(false);
    expect(hook.received[0]!.headers['content-type']).toBe('application/json');
    // A receiver holding another secret refuses it.
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, hook.received[0]!)).toThrow();

    const log = await settled(endpoint.id, 2);
    expect(log.map((delivery) => delivery.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const review = log.find((delivery) => (delivery.payload as { data: { status: string } }).data.status === 'REVIEW')!;
    expect(review).toMatchObject({ eventType: 'CONTENT_STATUS_CHANGED', attemptCount: 1, lastError: null });
    expect(review.attempts).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 204, succeeded: true, error: null })]);
    expect(review.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(hook.received.map((request) => request.headers['webhook-id']).sort()).toEqual(log.map((delivery) => delivery.webhookId).sort());
  });

  it('sends only the event types an endpoint subscribed to', async () => {
    const { businessId, campaignId } = await newBusiness('Selective');
    const hook = await receiver();
    const { secret } = await createEndpoint(businessId, hook.url, ['CONTENT_PUBLISHED', 'ANALYTICS_UPDATED', 'MESSAGE_ESCALATED', 'CAMPAIGN_GENERATED']);
    await connectOfflineAccount(server.client, owner, businessId, 'INSTAGRAM');

    // Created, reviewed, approved and scheduled: status changes only, none sent.
    const content = await createContent(server.client, owner, campaignId);
    for (const to of ['REVIEW', 'APPROVED'] as const) expectType((await server.client.data(TransitionContent, { id: content.id, to }, as())).transitionContent, 'Content');
    expectType((await server.client.data(TransitionContent, { id: content.id, to: 'SCHEDULED', scheduledAt: inSeconds(1) }, as())).transitionContent, 'Content');
    await recordEngagement(server.client, owner, content.id, new Date());
    for (const incomingMessage of ['What time do you open on Sunday?', 'I want a refund, the bread was stale']) {
      expectType((await server.client.data(ReceiveMessage, { input: { businessId, platform: 'INSTAGRAM', incomingMessage } }, as())).receiveMessage, 'Message');
    }
    const generated = await server.client.data(
      GenerateWebhookCampaign,
      { input: { businessId, goal: 'Launch the spring sourdough range', campaignType: 'PRODUCT_LAUNCH', durationDays: 7, platforms: ['INSTAGRAM'] } },
      as(),
    );
    const generatedId = expectType(generated.generateCampaign, 'Campaign').id;

    // Published by the job when due (SCHEDULED → PUBLISHING → PUBLISHED): only the publication is sent.
    const types = () => hook.received.map((request) => verify(secret, request).type).sort();
    await expect
      .poll(types, { timeout: 15_000, interval: 100 })
      .toEqual(['analytics.updated', 'campaign.generated', 'content.published', 'message.escalated']);
    const messages = hook.received.map((request) => verify(secret, request));
    expect(messages.find((m) => m.type === 'content.published')!.data).toMatchObject({ contentId: content.id, previousStatus: 'PUBLISHING', status: 'PUBLISHED', actorId: null });
    expect(messages.find((m) => m.type === 'message.escalated')!.data).toMatchObject({ businessId, status: 'ESCALATED' });
    expect(messages.find((m) => m.type === 'analytics.updated')!.data).toMatchObject({ contentId: content.id, snapshotId: expect.any(String) });
    expect(messages.find((m) => m.type === 'campaign.generated')!.data).toMatchObject({ campaignId: generatedId, contentCount: expect.any(Number) });
    await sleep(500);
    expect(hook.received).toHaveLength(4);
  });

  it('retries 5xx answers and timeouts with backoff, the same webhook-id each time, and logs every attempt', async () => {
    const { businessId, campaignId } = await newBusiness('Flaky');
    const hook = await receiver((request) => (request === 1 ? { status: 503 } : request === 2 ? 'hang' : { status: 200 }));
    const { secret, endpoint } = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    await createContent(server.client, owner, campaignId);

    const [delivery] = await settled(endpoint.id, 1);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 3, lastError: null });
    expect(delivery!.attempts.map(({ attempt, responseStatus, succeeded }) => ({ attempt, responseStatus, succeeded }))).toEqual([
      { attempt: 1, responseStatus: 503, succeeded: false },
      { attempt: 2, responseStatus: null, succeeded: false },
      { attempt: 3, responseStatus: 200, succeeded: true },
    ]);
    expect(delivery!.attempts[0]!.error).toBe('The endpoint answered 503');
    expect(delivery!.attempts[1]!.error).toMatch(/No answer within 2000 ms/);
    expect(delivery!.attempts[1]!.latencyMs).toBeGreaterThanOrEqual(1_900);

    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    for (const request of hook.received) expect(verify(secret, request).type).toBe('content.status_changed');
    // Backoff: the first retry waits at least WEBHOOK_RETRY_DELAY_SECONDS (1 s), the second about twice that.
    const [first, second, third] = hook.received.map((request) => request.at);
    expect(second! - first!).toBeGreaterThanOrEqual(950);
    expect(third! - second!).toBeGreaterThanOrEqual(1_950);
  });

  it('gives a delivery up after its last attempt and disables an endpoint after failed deliveries in a row; re-enabled, it delivers again', async () => {
    const { businessId, campaignId } = await newBusiness('Broken');
    let healthy = false;
    const hook = await receiver(() => ({ status: healthy ? 200 : 500 }));
    const { endpoint } = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    const content = await createContent(server.client, owner, campaignId);
    expectType((await server.client.data(TransitionContent, { id: content.id, to: 'REVIEW' }, as())).transitionContent, 'Content');

    await expect.poll(async () => (await deliveryLog(endpoint.id)).enabled, { timeout: 20_000, interval: 200 }).toBe(false);
    const log = await deliveryLog(endpoint.id);
    expect(log).toMatchObject({ enabled: false, consecutiveFailures: 2, disabledReason: 'Disabled after 2 deliveries in a row failed' });
    const failed = log.deliveries.edges.map((edge) => edge.node);
    expect(failed.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual([
      ['FAILED', 3],
      ['FAILED', 3],
    ]);
    expect(failed[0]!.lastError).toBe('The endpoint answered 500');
    expect(failed[0]!.finishedAt).toBeTruthy();
    expect(hook.received).toHaveLength(6);

    // Disabled: events are not sent, and nothing can be redelivered.
    expectType((await server.client.data(TransitionContent, { id: content.id, to: 'DRAFT' }, as())).transitionContent, 'Content');
    await sleep(500);
    expect((await deliveryLog(endpoint.id)).deliveries.totalCount).toBe(2);
    const refused = await server.client.data(Redeliver, { input: { deliveryId: failed[0]!.id } }, as());
    expect(refused.redeliverWebhook).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    healthy = true;
    const enabled = expectType((await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, enabled: true } }, as())).updateWebhookEndpoint, 'WebhookEndpoint');
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    const again = expectType((await server.client.data(Redeliver, { input: { deliveryId: failed[0]!.id } }, as())).redeliverWebhook, 'WebhookDelivery');
    expect(again).toMatchObject({ webhookId: failed[0]!.webhookId, eventType: 'CONTENT_STATUS_CHANGED' });
    await expect.poll(async () => (await deliveries(endpoint.id)).find((delivery) => delivery.id === again.id)?.status, { timeout: 10_000, interval: 100 }).toBe('SUCCEEDED');

    // Switched off by a member: nothing is sent until it is switched on.
    const off = expectType((await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, enabled: false } }, as())).updateWebhookEndpoint, 'WebhookEndpoint');
    expect(off).toMatchObject({ enabled: false, disabledReason: 'Disabled by a member' });
  });

  it('redelivers a delivery: the same webhook-id and body, a new entry in the log', async () => {
    const { businessId, campaignId } = await newBusiness('Again');
    const hook = await receiver();
    const { secret, endpoint } = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    await createContent(server.client, owner, campaignId);
    const [original] = await settled(endpoint.id, 1);

    const again = expectType((await server.client.data(Redeliver, { input: { deliveryId: original!.id } }, as())).redeliverWebhook, 'WebhookDelivery');
    expect(again.id).not.toBe(original!.id);
    expect(again.webhookId).toBe(original!.webhookId);
    await expect.poll(() => hook.received.length, { timeout: 10_000, interval: 50 }).toBe(2);
    const [first, second] = hook.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(verify(secret, second!)).toEqual(verify(secret, first!));
    const log = await settled(endpoint.id, 2);
    expect(log.map((delivery) => delivery.id)).toEqual([again.id, original!.id]);
  });

  it('signs with the new secret after a rotation, and with the previous one beside it for a while', async () => {
    const { businessId, campaignId } = await newBusiness('Rotated');
    const hook = await receiver();
    const { secret: before, endpoint } = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    const rotated = expectType((await server.client.data(RotateSecret, { input: { id: endpoint.id } }, as())).rotateWebhookSecret, 'WebhookEndpointWithSecret');
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(before);

    await createContent(server.client, owner, campaignId);
    await expect.poll(() => hook.received.length, { timeout: 10_000, interval: 50 }).toBe(1);
    const [request] = hook.received;
    expect(verify(rotated.secret, request!).type).toBe('content.status_changed');
    expect(String(request!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(before, request!).type).toBe('content.status_changed');

    // Once the grace period is over, only the new secret signs.
    await prisma.webhookEndpoint.update({ where: { id: (await rawEndpointId(endpoint.id))! }, data: { previousSecretUntil: new Date(Date.now() - 1_000) } });
    await createContent(server.client, owner, campaignId, 2);
    await expect.poll(() => hook.received.length, { timeout: 10_000, interval: 50 }).toBe(2);
    expect(String(hook.received[1]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, hook.received[1]!).type).toBe('content.status_changed');
    expect(() => verify(before, hook.received[1]!)).toThrow();
  });

  it("keeps endpoints to their business's admins: another tenant gets NOT_FOUND, an editor FORBIDDEN", async () => {
    const { businessId } = await newBusiness('Guarded');
    const { endpoint } = await createEndpoint(businessId, 'https://hooks.example.com/guarded', ['CONTENT_PUBLISHED']);
    const hook = await receiver();
    const stranger = await signUpUser(server.client, 'Stranger');
    const strangerBusiness = await createBusiness(server.client, stranger, 'Elsewhere');

    const foreignCreate = await server.client.data(CreateEndpoint, { input: { businessId, url: hook.url, events: ['CONTENT_PUBLISHED'] } }, as(stranger));
    expect(foreignCreate.createWebhookEndpoint).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const foreignUpdate = await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, url: hook.url } }, as(stranger));
    expect(foreignUpdate.updateWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(RotateSecret, { input: { id: endpoint.id } }, as(stranger))).rotateWebhookSecret).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(DeleteEndpoint, { input: { id: endpoint.id } }, as(stranger))).deleteWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.client.data(DeliveryLog, { id: endpoint.id }, as(stranger))).node).toBeNull();
    // Their own business's endpoints are theirs alone.
    const theirs = await createEndpoint(strangerBusiness.id, 'https://hooks.example.com/theirs', ['CONTENT_FAILED'], stranger);
    expect((await server.client.data(UpdateEndpoint, { input: { id: theirs.endpoint.id, enabled: false } }, as())).updateWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });

    const editor = await signUpUser(server.client, 'Editor');
    const invited = await server.client.data(InviteToBusiness, { input: { businessId, email: editor.email, role: 'EDITOR' } }, as());
    const { token } = expectType(invited.inviteMember, 'InviteMemberPayload');
    expectType((await server.client.data(JoinBusiness, { input: { token } }, as(editor))).acceptInvitation, 'Member');
    const editorCreate = await server.client.data(CreateEndpoint, { input: { businessId, url: hook.url, events: ['CONTENT_PUBLISHED'] } }, as(editor));
    expect(editorCreate.createWebhookEndpoint).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect((await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, enabled: false } }, as(editor))).updateWebhookEndpoint).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(RotateSecret, { input: { id: endpoint.id } }, as(editor))).rotateWebhookSecret).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(DeleteEndpoint, { input: { id: endpoint.id } }, as(editor))).deleteWebhookEndpoint).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(DeliveryLog, { id: endpoint.id }, as(editor))).node).toBeNull();
    const listed = await server.client.request(BusinessWebhooks, { id: businessId }, as(editor));
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(hook.received).toHaveLength(0);
  });

  it('lets an API key manage webhooks only with the ADMIN scope', async () => {
    const { businessId } = await newBusiness('Keyed');
    const { endpoint } = await createEndpoint(businessId, 'https://hooks.example.com/keyed', ['CONTENT_PUBLISHED']);
    const keyWith = async (scopes: string[]) => {
      const { data } = await server.client.raw<{ createApiKey: { key: string } }>(
        'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }',
        { input: { businessId, name: 'Agent', scopes } },
        as(),
      );
      return { token: data!.createApiKey.key, id: owner.id, email: owner.email };
    };
    const reader = await keyWith(['READ', 'WRITE']);
    expect((await server.client.data(CreateEndpoint, { input: { businessId, url: 'https://hooks.example.com/k', events: ['CONTENT_PUBLISHED'] } }, as(reader))).createWebhookEndpoint).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await server.client.data(RotateSecret, { input: { id: endpoint.id } }, as(reader))).rotateWebhookSecret).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(DeliveryLog, { id: endpoint.id }, as(reader))).node).toBeNull();

    const admin = await keyWith(['READ', 'ADMIN']);
    expect((await server.client.data(DeliveryLog, { id: endpoint.id }, as(admin))).node).toMatchObject({ id: endpoint.id });
    expect((await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, description: 'By key' } }, as(admin))).updateWebhookEndpoint).toMatchObject({ __typename: 'WebhookEndpoint' });
  });

  it('deletes endpoints with their delivery log, one by one or with their business', async () => {
    const { businessId, campaignId } = await newBusiness('Doomed');
    const hook = await receiver();
    const kept = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    const removed = await createEndpoint(businessId, hook.url, ['CONTENT_STATUS_CHANGED']);
    await createContent(server.client, owner, campaignId);
    await settled(kept.endpoint.id, 1);
    await settled(removed.endpoint.id, 1);

    const deleted = await server.client.data(DeleteEndpoint, { input: { id: removed.endpoint.id } }, as());
    expect(deleted.deleteWebhookEndpoint).toEqual({ __typename: 'DeletedWebhookEndpoint', deletedId: removed.endpoint.id });
    expect((await server.client.data(DeliveryLog, { id: removed.endpoint.id }, as())).node).toBeNull();
    expect((await server.client.data(DeleteEndpoint, { input: { id: removed.endpoint.id } }, as())).deleteWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });

    const localBusinessId = (await rawEndpoint(kept.endpoint.id))!.businessId;
    expect(await prisma.webhookDelivery.count({ where: { endpoint: { businessId: localBusinessId } } })).toBe(1);
    expectType((await server.client.data(DeleteBusiness, { input: { id: businessId } }, as())).deleteBusiness, 'DeletedBusiness');
    expect(await prisma.webhookEndpoint.count({ where: { businessId: localBusinessId } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { endpoint: { businessId: localBusinessId } } })).toBe(0);
    expect(await prisma.webhookAttempt.count({ where: { delivery: { endpoint: { businessId: localBusinessId } } } })).toBe(0);
  });

  it('counts delivery attempts by outcome on /metrics', async () => {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    const value = (outcome: string) => Number(new RegExp(`^herald_webhook_attempts_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    expect(value('delivered')).toBeGreaterThanOrEqual(10);
    // Two retries of the flaky endpoint's delivery, two of each of the broken one's (more if a
    // loopback answer was ever late on a busy machine); those two failed for good.
    expect(value('retrying')).toBeGreaterThanOrEqual(6);
    expect(value('failed')).toBe(2);
  });

  it('logged no error along the way (failed attempts are warnings of the job engine)', () => {
    const errors = logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 50);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(databaseMissing)(`outbound webhooks to private addresses (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let campaignId: string;

  beforeAll(async () => {
    // As in production: WEBHOOK_ALLOW_PRIVATE_URLS is off.
    server = await startTestServer({ WEBHOOK_MAX_ATTEMPTS: '1' });
    owner = await signUpUser(server.client, 'Careful');
    businessId = (await createBusiness(server.client, owner)).id;
    campaignId = (await createCampaign(server.client, owner, businessId)).id;
  });
  afterAll(() => server?.stop());

  it('refuses URLs on private, loopback or link-local addresses when saved, and when a name resolves to one at delivery', async () => {
    const hook = await startReceiver();
    try {
      for (const url of [hook.url, 'http://localhost:8080/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/hook', 'http://0.0.0.0/']) {
        const { createWebhookEndpoint } = await server.client.data(CreateEndpoint, { input: { businessId, url, events: ['CONTENT_STATUS_CHANGED'] } }, { token: owner.token });
        expect(createWebhookEndpoint, url).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
      }
      const created = await server.client.data(CreateEndpoint, { input: { businessId, url: 'https://hooks.example.com/ok', events: ['CONTENT_STATUS_CHANGED'] } }, { token: owner.token });
      const { endpoint } = expectType(created.createWebhookEndpoint, 'WebhookEndpointWithSecret');
      const moved = await server.client.data(UpdateEndpoint, { input: { id: endpoint.id, url: hook.url } }, { token: owner.token });
      expect(moved.updateWebhookEndpoint).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });

      // A name that resolved publicly when saved and privately later (DNS rebinding) is refused on connecting.
      await prisma.webhookEndpoint.update({ where: { id: (await rawEndpointId(endpoint.id))! }, data: { url: hook.url.replace('127.0.0.1', 'localhost') } });
      await createContent(server.client, owner, campaignId);
      await expect
        .poll(async () => (await server.client.data(DeliveryLog, { id: endpoint.id }, { token: owner.token })).node, { timeout: 10_000, interval: 100 })
        .toMatchObject({ deliveries: { edges: [{ node: { status: 'FAILED', attempts: [{ responseStatus: null, error: expect.stringMatching(/not allowed/) }] } }] } });
      expect(hook.received).toHaveLength(0);
    } finally {
      await hook.close();
    }
  });
});

/** The database row behind an endpoint's global ID (tests reach past the API only to age or move it). */
async function rawEndpoint(globalId: string) {
  const [, localId] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
  return prisma.webhookEndpoint.findUnique({ where: { id: localId! } });
}
const rawEndpointId = async (globalId: string) => (await rawEndpoint(globalId))?.id;

