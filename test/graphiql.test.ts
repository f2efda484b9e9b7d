import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// GraphiQL must work on a machine without internet: the page and everything it loads come from
// the server itself, and the browser is told to load nothing from anywhere else.

const openPage = (origin: string) => fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });

/** Every directive's sources: only this origin, inline data and inline styles are allowed. */
function externalSources(policy: string): string[] {
  const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:']);
  return policy
    .split(';')
    .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
    .filter((source) => !allowed.has(source));
}

describe('GraphiQL', () => {
  let server: TestServer;
  let html: string;
  let page: Response;

  beforeAll(async () => {
    server = await startTestServer();
    page = await openPage(server.origin);
    html = await page.text();
  });
  afterAll(() => server?.stop());

  it('is served at /graphql to a browser, with a policy that lets it load nothing from elsewhere', () => {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<div id="root">');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(externalSources(policy)).toEqual([]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names no URL outside the server, and every asset it loads is served by the server', async () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const assets = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.sort()).toEqual(['/graphiql/favicon.ico', '/graphiql/graphiql.css', '/graphiql/graphiql.js', '/graphiql/start.js']);
    // No inline script may run under the policy: the only inline script element is JSON data.
    expect([...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((match) => match[1].trim())).toEqual(['id="graphiql-options" type="application/json"']);

    const start = await (await fetch(`${server.origin}/graphiql/start.js`)).text();
    const workers = [...start.matchAll(/'([\w.]+\.worker\.js)'/g)].map((match) => `/graphiql/${match[1]}`);
    expect(workers.sort()).toEqual(['/graphiql/editor.worker.js', '/graphiql/graphql.worker.js', '/graphiql/json.worker.js']);
    for (const path of [...assets, ...workers]) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(externalSources(response.headers.get('content-security-policy') ?? ''), path).toEqual([]);
      const body = await response.text();
      if (path.endsWith('.css')) {
        // Fonts and icons are inlined; a stylesheet that imported or linked one would fetch it from elsewhere.
        expect(body).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
      }
    }
  });

  it('revalidates its assets cheaply and compresses them', async () => {
    const first = await fetch(`${server.origin}/graphiql/graphiql.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await fetch(`${server.origin}/graphiql/graphiql.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.origin}/graphiql/nothing.js`)).status).toBe(404);
  });

  it('opens on example operations that the schema accepts: signing in, the dashboard, a subscription', () => {
    const options = JSON.parse(/<script id="graphiql-options" type="application\/json">(.*?)<\/script>/s.exec(html)![1]) as {
      defaultTabs: { query: string; variables?: string; headers?: string }[];
    };
    const documents = options.defaultTabs.map((tab) => parse(tab.query));
    for (const document of documents) expect(validate(schema, document)).toEqual([]);
    const operations = documents.flatMap((document) =>
      document.definitions.flatMap((definition) => (definition.kind === 'OperationDefinition' ? [`${definition.operation} ${definition.name?.value}`] : [])),
    );
    expect(operations).toEqual(['mutation SignUp', 'mutation LogIn', 'query Dashboard', 'subscription ContentStatusChanged']);
    const dashboard = options.defaultTabs[1].query;
    for (const field of ['businesses', 'campaigns', 'contents', 'latestAnalytics']) expect(dashboard).toContain(field);
    expect(options.defaultTabs[2].query).toContain('contentStatusChanged');
    // Tabs that need a token show where it goes.
    expect(JSON.parse(options.defaultTabs[1].headers!)).toEqual({ Authorization: expect.stringMatching(/^Bearer /) });
    for (const tab of options.defaultTabs) if (tab.variables) JSON.parse(tab.variables);
  });

  it('is not served where introspection is off (production), nor are its assets', async () => {
    const closed = await startTestServer({ GRAPHQL_INTROSPECTION: 'false' });
    try {
      const response = await openPage(closed.origin);
      expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      await response.arrayBuffer();
      expect((await fetch(`${closed.origin}/graphiql/graphiql.js`)).status).toBe(404);
    } finally {
      await closed.stop();
    }
  });
});
