import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for the parts of Ayrshare's REST API Herald uses, written from its public
// documentation (https://www.ayrshare.com/docs: "Publish a Post", "Analytics on a Post", "Errors"):
//   POST /api/post            { post, platforms, mediaUrls?, ... } → { status, errors, postIds, id, refId, post }
//   POST /api/analytics/post  { id, platforms? } → { status, id, <platform>: { id, postUrl, analytics, … } }
// Every request needs `Authorization: Bearer <API key>`; a `Profile-Key` header is recorded.
// Error bodies follow the documented shape ({ action, status: 'error', code, message }, or for a
// refused post one such entry per network in `errors`); where the docs show no code, none is sent.

export type AyrshareEndpoint = 'post' | 'analytics';

export interface AyrshareStubRequest {
  endpoint: AyrshareEndpoint | null;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** What the stub answered (unset for a dropped connection). */
  answer?: { status: number; body: any };
}

/** A scripted answer: a status and body, or a dropped connection (a network failure). */
export type AyrshareReply = { status: number; body?: unknown } | { dropConnection: true };

/** The platforms the documentation lists for `platforms` in POST /post. */
const PLATFORMS = ['bluesky', 'facebook', 'gmb', 'instagram', 'linkedin', 'pinterest', 'reddit', 'snapchat', 'telegram', 'threads', 'tiktok', 'twitter', 'youtube'];

export interface AyrshareStub {
  /** The API base URL, ending in /api, as AYRSHARE_BASE_URL. */
  url: string;
  /** The only API key it accepts. */
  apiKey: string;
  requests: AyrshareStubRequest[];
  /** Answers for the next requests to an endpoint, in order, before it answers as documented. */
  enqueue(endpoint: AyrshareEndpoint, ...replies: AyrshareReply[]): void;
  /** The `analytics` object it returns for posts on a platform (unset: Ayrshare's example figures). */
  setAnalytics(platform: string, analytics: Record<string, unknown>): void;
  reset(): void;
  close(): Promise<void>;
}

const ids = () => randomBytes(10).toString('base64url');

/** The documented error shape for a refused post: one entry per network in `errors`. */
export const refusedPost = (message: string, code: number, platform: string) => ({
  status: 'error',
  errors: [{ action: 'post', status: 'error', code, message, platform }],
  postIds: [],
  id: ids(),
});

export async function startAyrshareStub(): Promise<AyrshareStub> {
  const apiKey = `AYR-${randomBytes(12).toString('hex').toUpperCase()}`;
  const requests: AyrshareStubRequest[] = [];
  const queues: Record<AyrshareEndpoint, AyrshareReply[]> = { post: [], analytics: [] };
  const analyticsByPlatform = new Map<string, Record<string, unknown>>();
  const posts = new Map<string, { platforms: string[]; socialIds: Record<string, string> }>();

  function answer(endpoint: AyrshareEndpoint, body: any): { status: number; body: unknown } {
    if (endpoint === 'post') return publish(body);
    return analytics(body);
  }

  function publish(body: any) {
    const platforms: unknown = body?.platforms;
    if (typeof body?.post !== 'string' || !Array.isArray(platforms) || platforms.length === 0) {
      return { status: 400, body: { action: 'post', status: 'error', message: 'Missing or incorrect parameters: post and platforms are required.' } };
    }
    const unknown = platforms.filter((platform) => !PLATFORMS.includes(platform));
    if (unknown.length) return { status: 400, body: { action: 'post', status: 'error', message: `Unknown platforms: ${unknown.join(', ')}` } };
    const mediaUrls: unknown = body.mediaUrls ?? [];
    if (!Array.isArray(mediaUrls) || mediaUrls.some((media) => typeof media !== 'string' || !media.startsWith('https://'))) {
      return { status: 400, body: { action: 'post', status: 'error', message: 'mediaUrls must be secure and begin with https://' } };
    }
    const id = ids();
    const socialIds = Object.fromEntries(platforms.map((platform: string) => [platform, String(17_000_000_000_000_000 + posts.size)]));
    posts.set(id, { platforms, socialIds });
    return {
      status: 200,
      body: {
        status: 'success',
        errors: [],
        postIds: platforms.map((platform: string) => ({ status: 'success', id: socialIds[platform], postUrl: postUrlOf(platform, socialIds[platform]!), platform })),
        id,
        refId: ids(),
        post: body.post,
      },
    };
  }

  function analytics(body: any) {
    const post = typeof body?.id === 'string' ? posts.get(body.id) : undefined;
    if (!post) return { status: 404, body: { action: 'analytics', status: 'error', code: 186, message: 'Post ID not found.', id: body?.id } };
    const platforms: string[] = Array.isArray(body.platforms) ? body.platforms.filter((p: string) => post.platforms.includes(p)) : post.platforms;
    const now = new Date();
    return {
      status: 200,
      body: {
        status: 'success',
        id: body.id,
        ...Object.fromEntries(
          platforms.map((platform) => [
            platform,
            {
              id: post.socialIds[platform],
              postUrl: postUrlOf(platform, post.socialIds[platform]!),
              analytics: analyticsByPlatform.get(platform) ?? exampleAnalytics,
              lastUpdated: now.toISOString(),
              nextUpdate: new Date(now.getTime() + 10 * 60_000).toISOString(),
            },
          ]),
        ),
      },
    };
  }

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const endpoint: AyrshareEndpoint | null = req.method !== 'POST' ? null : path === '/api/post' ? 'post' : path === '/api/analytics/post' ? 'analytics' : null;
    const body = parseOrRaw(await readBody(req));
    const request: AyrshareStubRequest = { endpoint, method: req.method ?? '', path, headers: req.headers, body };
    requests.push(request);
    const send = (status: number, payload: unknown) => {
      request.answer = { status, body: payload };
      writeJson(res, status, payload);
    };
    if (req.headers.authorization !== `Bearer ${apiKey}`) return send(401, { action: 'authorization', status: 'error', message: 'API Key not valid.' });
    if (!endpoint) return send(404, { status: 'error', message: `ayrshare-stub: no route ${req.method} ${path}` });
    const reply = queues[endpoint].shift() ?? answer(endpoint, body);
    if ('dropConnection' in reply) return req.socket.destroy();
    send(reply.status, reply.body ?? { status: 'error', message: `ayrshare-stub: status ${reply.status}` });
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api`,
    apiKey,
    requests,
    enqueue(endpoint, ...replies) {
      queues[endpoint].push(...replies);
    },
    setAnalytics(platform, figures) {
      analyticsByPlatform.set(platform, figures);
    },
    reset() {
      requests.length = 0;
      queues.post.length = 0;
      queues.analytics.length = 0;
      analyticsByPlatform.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Instagram's figures in the shape of the documentation's example. */
const exampleAnalytics = {
  caption: 'Today is a great day!',
  commentsCount: 1,
  engagementCount: 5,
  impressionsCount: 120,
  likeCount: 3,
  mediaProductType: 'FEED',
  mediaType: 'IMAGE',
  reachCount: 100,
  savedCount: 1,
  username: 'ayrshare',
};

const postUrlOf = (platform: string, socialId: string) => `https://www.${platform}.example/p/${socialId}`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function writeJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
