import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL from this server alone: the page, its script, styles and editor workers come from
 * @graphql-yoga/render-graphiql's bundle (fonts and icons inlined), served under /graphiql/, so
 * the playground works on a machine without internet. Yoga's own page loads them from a CDN.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

/**
 * Nothing from elsewhere: scripts and workers from this origin only (no inline script), requests
 * to this origin only. Styles may be inline because the editor writes its own style elements.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const dashboardQuery = `# Your businesses, their campaigns, their content and its latest engagement, in one request.
# Needs the token from the first tab in the Headers pane below.
query Dashboard {
  businesses(first: 5) {
    totalCount
    edges {
      node {
        id
        name
        campaigns(first: 5) {
          edges {
            node {
              id
              name
              status
              contents(first: 10) {
                edges {
                  node {
                    id
                    title
                    platform
                    status
                    allowedTransitions
                    latestAnalytics {
                      collectedAt
                      metrics { impressions reach likes comments shares engagementRate }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;

const signInQuery = `# Sign up once, then log in: each answers a token or a typed error (switch on __typename
# or code). Run one with the button above; put the token in the other tabs' headers.
mutation SignUp {
  signUp(input: { email: "you@example.com", password: "a long password", fullName: "Your Name" }) {
    __typename
    ... on AuthPayload { token user { id email fullName } }
    ... on Error { code message }
    ... on ValidationError { fieldErrors { path message } }
  }
}

mutation LogIn {
  logIn(input: { email: "you@example.com", password: "a long password" }) {
    __typename
    ... on AuthPayload { token user { id email fullName } }
    ... on Error { code message }
    ... on RateLimitedError { retryAfterSeconds }
  }
}
`;

const subscriptionQuery = `# Live: every pipeline move of a business's content (runs over Server-Sent Events here;
# apps use WebSocket, graphql-transport-ws, on the same URL). Needs the Authorization header.
subscription ContentStatusChanged($businessId: ID!) {
  contentStatusChanged(businessId: $businessId) {
    eventId
    previousStatus
    status
    changedAt
    actor { id email }
    content { id title status campaign { id name } }
  }
}
`;

const authorizationHeader = JSON.stringify({ Authorization: 'Bearer <token from logIn>' }, null, 2);

/** What GraphiQL opens on (until the browser has tabs of its own stored). */
export const graphiqlOptions: GraphiQLOptions = {
  title: 'Herald GraphiQL',
  defaultQuery: signInQuery,
  // GraphiQL fills the variables editor of the first tab only from storage, so that tab needs none.
  defaultTabs: [
    { query: signInQuery },
    { query: dashboardQuery, headers: authorizationHeader },
    { query: subscriptionQuery, variables: JSON.stringify({ businessId: '<id of a business from the dashboard>' }, null, 2), headers: authorizationHeader },
  ],
  defaultEditorToolsVisibility: true,
  // The headers carry a token: kept for this browser tab's session, not written to storage.
  shouldPersistHeaders: false,
};

/** JSON inside <script type="application/json">: no sequence in it may close the element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The page: no inline script (the options travel as JSON data), every asset from /graphiql/. */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const asset = (name: string) => `${GRAPHIQL_ASSETS_PATH}${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${asset('favicon.ico')}" />
    <link rel="stylesheet" href="${asset('graphiql.css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script id="graphiql-options" type="application/json">${scriptSafeJson(options)}</script>
    <script src="${asset('start.js')}"></script>
    <script src="${asset('graphiql.js')}"></script>
  </body>
</html>
`;
}

/** Runs before the bundle (the editor reads MonacoEnvironment when it loads) and renders once the page is parsed. */
const startScript = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (moduleId, label) {
    return ${JSON.stringify(GRAPHIQL_ASSETS_PATH)} + ({ json: 'json.worker.js', graphql: 'graphql.worker.js' }[label] || 'editor.worker.js');
  },
};
document.addEventListener('DOMContentLoaded', function () {
  var options = JSON.parse(document.getElementById('graphiql-options').textContent);
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
});
`;

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

const compress = promisify(gzip);

async function makeAsset(body: Buffer, type: string): Promise<Asset> {
  return { body, gzipped: await compress(body), type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** The bundle is about 9 MB of strings: loaded on the first request for it, never in production where GraphiQL is off. */
async function loadAssets(): Promise<Map<string, Asset>> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const javascript = 'text/javascript; charset=utf-8';
  const favicon = /^data:([^;]+);base64,(.*)$/s.exec(bundle.favicon);
  const entries: [string, Buffer, string][] = [
    ['start.js', Buffer.from(startScript), javascript],
    ['graphiql.js', Buffer.from(bundle.js), javascript],
    ['graphiql.css', Buffer.from(bundle.css), 'text/css; charset=utf-8'],
    ['editor.worker.js', Buffer.from(bundle.editorWorkerService), javascript],
    ['json.worker.js', Buffer.from(bundle.jsonWorker), javascript],
    ['graphql.worker.js', Buffer.from(bundle.graphqlWorker), javascript],
    ...(favicon ? [['favicon.ico', Buffer.from(favicon[2], 'base64'), favicon[1]] as [string, Buffer, string]] : []),
  ];
  return new Map(await Promise.all(entries.map(async ([name, body, type]) => [name, await makeAsset(body, type)] as const)));
}

/**
 * Serves GraphiQL's assets under /graphiql/ and gives the GraphiQL page (rendered by yoga's
 * own GraphiQL plugin at /graphql) its security headers. Added only where GraphiQL is served.
 */
export function useGraphiQLAssets(): Plugin {
  let assets: Promise<Map<string, Asset>> | undefined;
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      assets ??= loadAssets().catch((error: unknown) => {
        assets = undefined;
        throw error;
      });
      const asset = (await assets).get(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length));
      if (!asset) return endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
      // Revalidated on each load (a 304 is cheap), so a new version of the bundle is picked up at once.
      const headers: Record<string, string> = { ...securityHeaders, 'content-type': asset.type, 'cache-control': 'no-cache', etag: asset.etag, vary: 'Accept-Encoding' };
      if (request.headers.get('if-none-match') === asset.etag) return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      const gzipped = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
      const body = gzipped ? asset.gzipped : asset.body;
      if (gzipped) headers['content-encoding'] = 'gzip';
      headers['content-length'] = String(body.length);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
    },
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
        response.headers.set('cache-control', 'no-store');
      }
    },
  };
}
