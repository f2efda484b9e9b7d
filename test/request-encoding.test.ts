import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkedBody } from './support/chunked-body.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A compressed request body (Content-Encoding) gets the same answer from /graphql and from REST:
// gzip is read, inflated to no more than MAX_REQUEST_BODY_BYTES; any other encoding is a 415.

describe.skipIf(databaseMissing)(`request body encodings (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await seedTenant(server.client);
  });
  afterAll(() => server?.stop());

  const campaignInput = (goal = 'Sell the spring menu') => ({
    input: { businessId: tenant.business.id, name: 'Compressed', goal, campaignType: 'PRODUCT_LAUNCH', durationDays: 14, targetPlatforms: ['INSTAGRAM'] },
  });

  /** POSTs the same body to /graphql and to REST's /api/campaigns, as a client that compresses would. */
  async function postBoth(encoding: string, encode: (json: string) => Uint8Array, { chunked = false, goal }: { chunked?: boolean; goal?: string } = {}) {
    const send = async (url: string, json: string) => {
      const bytes = new Uint8Array(encode(json));
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.user.token}`, 'content-type': 'application/json', accept: 'application/json', 'content-encoding': encoding },
        ...(chunked ? chunkedBody(bytes) : { body: bytes }),
      });
      return { status: response.status, connection: response.headers.get('connection'), body: (await response.json()) as any };
    };
    const mutation = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename ... on Campaign { name } } }';
    return {
      graphql: await send(server.url, JSON.stringify({ query: mutation, variables: campaignInput(goal) })),
      rest: await send(`${server.origin}/api/campaigns`, JSON.stringify(campaignInput(goal))),
    };
  }

  /** The refusal each surface gives: the same status and code, in its own shape. */
  function expectRefused({ graphql, rest }: Awaited<ReturnType<typeof postBoth>>, status: number, code: string, message: RegExp) {
    expect(graphql.status).toBe(status);
    expect(graphql.body.data ?? null).toBeNull();
    expect(graphql.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code }) })]);
    expect(rest.status).toBe(status);
    expect(rest.body.errors).toEqual([{ message: expect.stringMatching(message), code }]);
  }

  it('reads a gzip body, of declared or undeclared length', async () => {
    for (const chunked of [false, true]) {
      const { graphql, rest } = await postBoth('gzip', gzipSync, { chunked });
      expect(graphql).toMatchObject({ status: 200, body: { data: { createCampaign: { __typename: 'Campaign', name: 'Compressed' } } } });
      expect(rest).toMatchObject({ status: 200, body: { __typename: 'Campaign', name: 'Compressed' } });
    }
    const { graphql } = await postBoth('x-gzip', gzipSync);
    expect(graphql.body.data.createCampaign.__typename).toBe('Campaign');
  });

  it('refuses a small gzip body that inflates past the body-size limit (a zip bomb), inflating no further than the limit', async () => {
    // About 50 KB sent, 50 MB once inflated.
    const bomb = postBoth('gzip', gzipSync, { goal: ' '.repeat(50_000_000) });
    expectRefused(await bomb, 400, 'BAD_USER_INPUT', /over the limit of 1000000 bytes once decompressed/);
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);
  });

  it('counts a compressed body of undeclared length against the limit as it streams in', async () => {
    // Random text does not compress: over 1 MB sent, chunked.
    const refused = await postBoth('gzip', gzipSync, { chunked: true, goal: randomBytes(1_000_000).toString('base64') });
    expectRefused(refused, 400, 'BAD_USER_INPUT', /over the limit of 1000000 bytes\.$/);
    expect([refused.graphql.connection, refused.rest.connection]).toEqual(['close', 'close']);
  });

  it('refuses a body that is not gzip though it says so with 400', async () => {
    expectRefused(await postBoth('gzip', (json) => new TextEncoder().encode(json)), 400, 'BAD_USER_INPUT', /not valid gzip/);
  });

  it('refuses other encodings, and several in turn, with 415 and UNSUPPORTED_MEDIA_TYPE, unread', async () => {
    for (const [encoding, encode] of [
      ['br', brotliCompressSync],
      ['deflate', deflateSync],
      ['gzip, gzip', (json: string) => gzipSync(gzipSync(json))],
    ] as const) {
      const refused = await postBoth(encoding, encode);
      expectRefused(refused, 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Encoding/);
      expect([refused.graphql.connection, refused.rest.connection]).toEqual(['close', 'close']);
    }
  });

  it('refuses a body in a Content-Type no parser reads with 415 and UNSUPPORTED_MEDIA_TYPE, not an empty answer', async () => {
    for (const contentType of ['text/plain', 'application/xml', 'application/octet-stream']) {
      const response = await fetch(server.url, {
        method: 'POST',
        // The CSRF header: without it, a type a browser sends without preflight is refused before (403).
        headers: { authorization: `Bearer ${tenant.user.token}`, 'content-type': contentType, accept: 'application/json', 'graphql-preflight': '1' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.status, contentType).toBe(415);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/application\/json/), extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
    }
  });
});
