import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant, signUpUser, createBusiness, type TestUser } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { chunkedBody } from './support/chunked-body.ts';

// The REST surface under /api, driven like a REST client would: fetch, JSON bodies, bearer tokens.

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key } ... on Error { code message } }
}`;

describe.skipIf(databaseMissing)(`REST (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let otherTenant: Awaited<ReturnType<typeof seedTenant>>;

  async function call(method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) {
    const response = await fetch(`${server.origin}/api${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }
  const campaignInput = (name = 'Spring launch') => ({ businessId, name, goal: 'Sell the spring menu', campaignType: 'PRODUCT_LAUNCH', durationDays: 14, targetPlatforms: ['INSTAGRAM'] });
  const contentInput = (campaignId: string) => ({ campaignId, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Fresh croissants', hashtags: ['#bakery'] });

  async function keyWith(scopes: string[]) {
    const { data } = await server.client.raw<Record<string, any>>(CREATE_KEY, { input: { businessId, name: 'REST client', scopes } }, { token: owner.token });
    expect(data?.createApiKey.__typename).toBe('CreateApiKeyPayload');
    return data?.createApiKey.key as string;
  }

  /** Create, read, add content, list it, categorise: what a client does on the REST surface. */
  async function walkThrough(token: string) {
    const created = await call('POST', '/campaigns', { token, body: { input: campaignInput() } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ __typename: 'Campaign', name: 'Spring launch', status: 'DRAFT', business: { id: businessId } });
    const campaignId = created.body.id as string;

    const read = await call('GET', `/campaigns/${encodeURIComponent(campaignId)}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: campaignId, name: 'Spring launch', contents: { totalCount: 0 } });

    const content = await call('POST', '/contents', { token, body: { input: contentInput(campaignId) } });
    expect(content.status).toBe(200);
    expect(content.body).toMatchObject({ __typename: 'Content', caption: 'Fresh croissants', campaign: { id: campaignId } });
    const contentId = content.body.id as string;

    const listed = await call('GET', `/campaigns/${encodeURIComponent(campaignId)}/contents?first=10&platform=INSTAGRAM`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.totalCount).toBe(1);
    expect(listed.body.edges.map((edge: any) => edge.node)).toEqual([expect.objectContaining({ id: contentId, caption: 'Fresh croissants', platform: 'INSTAGRAM' })]);
    const filtered = await call('GET', `/campaigns/${encodeURIComponent(campaignId)}/contents?platform=FACEBOOK`, { token });
    expect(filtered.body.edges).toEqual([]);
    const inline = await call('GET', `/campaigns/${encodeURIComponent(campaignId)}?campaign_contents_first=10`, { token });
    expect(inline.body.contents.edges.map((edge: any) => edge.node.id)).toEqual([contentId]);

    const categorized = await call('POST', `/contents/${encodeURIComponent(contentId)}/categorize`, { token });
    expect(categorized.status).toBe(200);
    expect(categorized.body).toMatchObject({ __typename: 'Content', id: contentId });
    expect(categorized.body.taggedAt).toEqual(expect.any(String));

    const found = await call('GET', `/businesses/${encodeURIComponent(businessId)}/search?query=croissants&first=5&mode=HYBRID`, { token });
    expect(found.status).toBe(200);
    const hit = found.body.edges.find((edge: any) => edge.node.content?.id === contentId)?.node;
    expect(hit).toMatchObject({ kind: 'CONTENT', score: expect.any(Number), content: { id: contentId, caption: 'Fresh croissants' } });
    expect(hit.snippet).toMatch(/<mark>croissants<\/mark>/i);
    return { campaignId, contentId };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Owner');
    businessId = (await createBusiness(server.client, owner)).id;
    otherTenant = await seedTenant(server.client, 'Other');
  });
  afterAll(() => server?.stop());

  it('serves its OpenAPI document, listing the routes', async () => {
    const { status, body } = await call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/businesses', '/businesses/{id}', '/businesses/{businessId}/search', '/campaigns', '/campaigns/{id}', '/campaigns/{id}/contents', '/contents', '/contents/{id}', '/contents/{id}/categorize'].sort(),
    );
    expect(Object.keys(body.paths['/campaigns'])).toEqual(['post']);
    expect(Object.keys(body.paths['/campaigns/{id}'])).toEqual(['get']);
  });

  it('works with a user token', async () => {
    await walkThrough(owner.token);
    const businesses = await call('GET', '/businesses', { token: owner.token });
    expect(businesses.status).toBe(200);
    expect(businesses.body.edges.map((edge: any) => edge.node)).toEqual([expect.objectContaining({ id: businessId, name: 'Sunrise Bakery', viewerRole: 'OWNER' })]);
    const business = await call('GET', `/businesses/${encodeURIComponent(businessId)}`, { token: owner.token });
    expect(business).toMatchObject({ status: 200, body: { id: businessId, viewerRole: 'OWNER' } });
  });

  it('works with an API key within its scopes, and refuses writes to a READ key', async () => {
    const { campaignId } = await walkThrough(await keyWith(['READ', 'WRITE', 'AI']));
    const readKey = await keyWith(['READ']);
    const read = await call('GET', `/campaigns/${encodeURIComponent(campaignId)}`, { token: readKey });
    expect(read).toMatchObject({ status: 200, body: { id: campaignId } });
    const refused = await call('POST', '/campaigns', { token: readKey, body: { input: campaignInput('Not allowed') } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) });
  });

  it('answers 401 without a token, and for a bad one', async () => {
    const anonymous = await call('GET', `/campaigns/${encodeURIComponent(otherTenant.campaign.id)}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0]).toMatchObject({ code: 'UNAUTHENTICATED' });
    const create = await call('POST', '/campaigns', { body: { input: campaignInput() } });
    expect(create.status).toBe(401);
    const badToken = await call('GET', '/businesses', { token: 'not-a-token' });
    expect(badToken.status).toBe(401);
  });

  const rawHttp = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.origin).port), '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers 404 for a path no route has and 405 with Allow for a method its path does not take, as JSON', async () => {
    const token = owner.token;
    for (const [method, path] of [['GET', '/nothing'], ['GET', '/businesses/'], ['POST', '/'], ['DELETE', `/businesses/${encodeURIComponent(businessId)}/contents`]]) {
      expect(await call(method, path, { token }), `${method} ${path}`).toEqual({ status: 404, body: { errors: [{ message: expect.stringMatching(/^Not found/), code: 'NOT_FOUND' }] } });
    }
    for (const [method, path, allow] of [['POST', '/businesses', 'GET'], ['DELETE', `/campaigns/${encodeURIComponent(businessId)}`, 'GET'], ['PUT', '/contents', 'POST'], ['POST', '/openapi.json', 'GET']]) {
      const response = await fetch(`${server.origin}/api${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(await response.json()).toEqual({ errors: [{ message: `This route does not take ${method}: it takes ${allow}`, code: 'METHOD_NOT_ALLOWED' }] });
    }
    // fetch cannot send TRACE (nor build a Request with it): written on a socket.
    for (const [path, status] of [[`/campaigns/${encodeURIComponent(businessId)}`, '405'], ['/nothing', '404']]) {
      const answer = await rawHttp(`TRACE /api${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
      expect(answer.split('\r\n')[0], `TRACE ${path}`).toBe(`HTTP/1.1 ${status} ${status === '405' ? 'Method Not Allowed' : 'Not Found'}`);
    }
  });

  it("answers 404 for another tenant's ids", async () => {
    const token = owner.token;
    expect((await call('GET', `/campaigns/${encodeURIComponent(otherTenant.campaign.id)}`, { token })).status).toBe(404);
    expect((await call('GET', `/campaigns/${encodeURIComponent(otherTenant.campaign.id)}/contents`, { token })).status).toBe(404);
    expect((await call('GET', `/contents/${encodeURIComponent(otherTenant.content.id)}`, { token })).status).toBe(404);
    expect((await call('GET', `/businesses/${encodeURIComponent(otherTenant.business.id)}`, { token })).status).toBe(404);
    expect((await call('GET', `/businesses/${encodeURIComponent(otherTenant.business.id)}/search?query=croissants`, { token })).status).toBe(404);
    const categorize = await call('POST', `/contents/${encodeURIComponent(otherTenant.content.id)}/categorize`, { token });
    expect(categorize).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const content = await call('POST', '/contents', { token, body: { input: contentInput(otherTenant.campaign.id) } });
    expect(content).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('answers 400 with the field errors for bad input', async () => {
    const invalid = await call('POST', '/campaigns', { token: owner.token, body: { input: { ...campaignInput(), name: '', durationDays: 0 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(invalid.body.fieldErrors.map((error: any) => error.path.join('.')).sort()).toEqual(expect.arrayContaining(['input.durationDays', 'input.name']));
    const missing = await call('POST', '/campaigns', { token: owner.token, body: { input: { businessId } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT' });
    const tooLarge = await call('POST', '/campaigns', { token: owner.token, body: { input: { ...campaignInput(), goal: 'x'.repeat(1_100_000) } } });
    expect(tooLarge).toMatchObject({ status: 400, body: { errors: [{ code: 'BAD_USER_INPUT' }] } });
    // Of undeclared length (chunked): refused as it streams in, and the client's next request still goes through.
    const chunked = await fetch(`${server.origin}/api/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      ...chunkedBody(JSON.stringify({ input: { ...campaignInput(), goal: 'x'.repeat(1_100_000) } })),
    });
    expect(chunked.status).toBe(400);
    expect(await chunked.json()).toMatchObject({ errors: [{ code: 'BAD_USER_INPUT' }] });
    expect((await call('GET', '/openapi.json')).status).toBe(200);
    const notJson = await fetch(`${server.origin}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('answers 429 past an API key rate limit', async () => {
    const limited = await startTestServer({ API_KEY_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const user = await signUpUser(limited.client, 'Limited');
      const business = await createBusiness(limited.client, user);
      const { data } = await limited.client.raw<Record<string, any>>(CREATE_KEY, { input: { businessId: business.id, name: 'Busy', scopes: ['READ'] } }, { token: user.token });
      const key = data?.createApiKey.key as string;
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${limited.origin}/api/businesses/${encodeURIComponent(business.id)}`, { headers: { authorization: `Bearer ${key}` } });
        statuses.push(response.status);
        if (response.status === 429) expect(((await response.json()) as any).errors[0]).toMatchObject({ code: 'RATE_LIMITED' });
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.stop();
    }
  });
});
