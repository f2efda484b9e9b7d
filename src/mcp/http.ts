import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { clientAddressOf } from '../auth/client-address.ts';
import { type Session, sessionFromAuthorization } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import { AppError, RateLimitedError, UnauthenticatedError } from '../domain/errors.ts';
import { bodyEncodingOf, readBodyWithin, UNSUPPORTED_ENCODING_MESSAGE } from '../request-encoding.ts';
import { createMcpServer } from './server.ts';

function reply(res: ServerResponse, status: number, error: { code: string; message: string }, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: error.message, data: { code: error.code } }, id: null }));
}

/**
 * The JSON a gzip body holds, read to no more than maxBytes sent and inflated, as /graphql and
 * REST read it (the SDK reads bodies as they are).
 */
async function gzipJsonBody(req: IncomingMessage, maxBytes: number): Promise<{ json: unknown } | { message: string }> {
  const read = await readBodyWithin(req, { declaredLength: req.headers['content-length'], encoding: 'gzip', maxBytes });
  if ('refused' in read) return read;
  try {
    return { json: JSON.parse(read.body.toString('utf8')) };
  } catch {
    return { message: 'Parse error: the request body is not JSON.' };
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
      if ('message' in read) {
        reply(res, 400, { code: 'BAD_USER_INPUT', message: read.message }, { connection: 'close' });
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
