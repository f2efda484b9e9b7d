import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const introspection = '{ __schema { queryType { name } } }';
const typo = '{ businesss { totalCount } }';

describe.skipIf(databaseMissing)(`HTTP hardening in production (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' });
  });
  afterAll(() => server?.stop());

  it('refuses introspection and hides field suggestions', async () => {
    const refused = await server.client.raw(introspection);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const misspelt = await server.client.raw(typo);
    expect(misspelt.errors?.[0]?.message).toMatch(/Cannot query field "businesss"/);
    expect(misspelt.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('serves no GraphiQL page', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('accepts only requests a browser would have preflighted: JSON bodies, or a CSRF header', async () => {
    const simple = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(simple.status).toBe(403);
    const form = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20me%20%7B%20id%20%7D%20%7D' });
    expect(form.status).toBe(403);
    const bareGet = await fetch(`${server.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(bareGet.status).toBe(403);
    const preflightedGet = await fetch(`${server.url}?query=${encodeURIComponent('{ me { id } }')}`, { headers: { 'graphql-preflight': '1' } });
    expect(await preflightedGet.json()).toEqual({ data: { me: null } });
    expect((await server.client.raw('{ me { id } }')).data).toEqual({ me: null });
  });

  it('allows the configured browser origins and no others', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    for (const allowed of ['https://app.example.com', 'https://admin.example.com']) {
      const answer = await preflight(allowed);
      expect(answer.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(answer.headers.get('vary')).toMatch(/Origin/);
    }
    // Sandboxed iframes and file:// pages send Origin: null; it must not be allowed either.
    for (const other of ['https://evil.example.net', 'null']) expect((await preflight(other)).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe.skipIf(databaseMissing)(`introspection switched on in production (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
  });
  afterAll(() => server?.stop());

  it('answers introspection when GRAPHQL_INTROSPECTION=true', async () => {
    expect((await server.client.raw(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('sends no CORS headers when CORS_ORIGINS is unset', async () => {
    const preflight = await fetch(server.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
