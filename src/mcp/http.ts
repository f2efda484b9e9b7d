import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { clientAddressOf } from '../auth/client-address.ts';
import { type Session, sessionFromAuthorization } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import { AppError, RateLimitedError, UnauthenticatedError } from '../domain/errors.ts';
import { bodyEncodingOf, gunzipWithin, UNSUPPORTED_ENCODING_MESSAGE } from '../request-encoding.ts';
import { createMcpServer } from './server.ts';

function reply(res: ServerResponse, status: number, error: { code: string; message: string }, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: error.message, data: { code: error.code } }, id: null }));
}

type Refusal = { status: number; error: { code: string; message: string } };

/**
 * The JSON a gzip body holds, read to no more than maxBytes sent and inflated, as /graphql and
 * REST read it (the SDK reads bodies as they are). A refusal leaves the rest of the body unread.
 */
async function gzipJsonBody(req: IncomingMessage, maxBytes: number): Promise<{ json: unknown } | Refusal> {
  const tooLarge = (inflated: boolean): Refusal => ({
    status: 400,
    error: { code: 'BAD_USER_INPUT', message: `The request body is over the limit of ${maxBytes} bytes${inflated ? ' once decompressed' : ''}.` },
  });
  if (Number(req.headers['content-length']) > maxBytes) return tooLarge(false);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return tooLarge(false);
    chunks.push(chunk);
  }
  const body = await gunzipWithin(Buffer.concat(chunks), maxBytes);
  if (body === 'too large') return tooLarge(true);
  if (body === 'corrupt') return { status: 400, error: { code: 'BAD_USER_INPUT', message: 'The request body is not valid gzip.' } };
  try {
    return { json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { status: 400, error: { code: 'BAD_USER_INPUT', message: 'Parse error: the request body is not JSON.' } };
  }
}

/**
 * MCP over Streamable HTTP at /mcp, stateless: every POST is authenticated like a GraphQL request
 * (a bearer API key or user token; none or a bad one is 401), counts against the key's rate limit
 * (429), and is served by a server and transport of its own, so any instance can answer any
 * request. There is no session, hence no GET stream and no DELETE.
 */
export function createMcpEndpoint(app: AppContext) {
  const { logger, config } = app;

  async function authenticate(req: IncomingMessage): Promise<Session> {
    const session = await sessionFromAuthorization(req.headers.authorization ?? null, app.tokens, app.sessionCache);
    if (!session) throw new UnauthenticatedError('Send "Authorization: Bearer <API key or token>"');
    if (session.viewer.apiKey) await app.apiKeyRateLimit.consume(session.viewer.apiKey.id);
    return session;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (req.method !== 'POST') {
      reply(res, 405, { code: 'BAD_REQUEST', message: 'This MCP endpoint is stateless: send JSON-RPC messages with POST' }, { allow: 'POST' });
      return;
    }
    let session: Session;
    try {
      session = await authenticate(req);
    } catch (error) {
      if (error instanceof UnauthenticatedError) reply(res, 401, error, { 'www-authenticate': 'Bearer realm="herald"' });
      else if (error instanceof RateLimitedError) reply(res, 429, error, { 'retry-after': String(error.retryAfterSeconds) });
      else if (error instanceof AppError) reply(res, 400, error);
      else {
        logger.error({ err: error, reqId: requestId }, 'unexpected error while authenticating an MCP request');
        reply(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
      }
      return;
    }
    const encoding = bodyEncodingOf(req.headers['content-encoding']);
    if (encoding === null) {
      reply(res, 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: UNSUPPORTED_ENCODING_MESSAGE }, { connection: 'close' });
      return;
    }
    let parsedBody: unknown;
    if (encoding === 'gzip') {
      const read = await gzipJsonBody(req, config.MAX_REQUEST_BODY_BYTES);
      if ('status' in read) {
        reply(res, read.status, read.error, { connection: 'close' });
        return;
      }
      parsedBody = read.json;
    }
    const caller = { app, viewer: session.viewer, sessionExpiresAt: session.expiresAt };
    const server = createMcpServer(app, async () => caller, requestId, { clientAddress: clientAddressOf(req, config.TRUST_PROXY), userAgent: req.headers['user-agent']?.slice(0, 300) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: config.MAX_REQUEST_BODY_BYTES });
    // A call still running (a generation being followed) is cancelled when its client goes away.
    res.on('close', () => void server.close());
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, parsedBody);
    } catch (error) {
      logger.error({ err: error, reqId: requestId }, 'unexpected error while serving an MCP request');
      if (!res.headersSent) reply(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
    }
  };
}

export type McpEndpoint = ReturnType<typeof createMcpEndpoint>;
