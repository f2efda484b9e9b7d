// The practical limit for Herald's read path: node:http and hand-written SQL (a pg Pool, or
// better-sqlite3 for a file: URL), no GraphQL and no ORM. It authenticates like Herald (HS256 JWT
// with the same secret, then the user row must be active) and answers the benchmark's operations
// with the same JSON. Run as its own process:
//   DATABASE_URL=postgresql://… JWT_SECRET=… PORT=4100 node --import tsx bench/http/baseline-server.ts
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { providerOf } from '../../src/db/adapter.ts';
import { createPostgresStore } from './baseline-postgres.ts';
import { createSqliteStore } from './baseline-sqlite.ts';
import { BadRequest, type Variables } from './baseline-store.ts';

const { DATABASE_URL, JWT_SECRET, PORT = '4100', HOST = '127.0.0.1' } = process.env;
if (!DATABASE_URL) throw new Error('DATABASE_URL is required');
if (!JWT_SECRET) throw new Error('JWT_SECRET is required');

const key = new TextEncoder().encode(JWT_SECRET);
const store = providerOf(DATABASE_URL) === 'postgresql' ? createPostgresStore(DATABASE_URL) : createSqliteStore(DATABASE_URL);

class Unauthenticated extends Error {}

/** Herald's check: a valid token for a user who is still active. */
async function viewerIdOf(authorization: string | undefined): Promise<string> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Unauthenticated('Authorization must be "Bearer <token>"');
  let userId: string | undefined;
  try {
    const { payload } = await jwtVerify(token, key, { issuer: 'herald', algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    userId = payload.sub;
  } catch {
    throw new Unauthenticated('Invalid token');
  }
  if (!userId || !(await store.isActiveUser(userId))) throw new Unauthenticated('Invalid token');
  return userId;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'GET' && req.url === '/health') {
    await store.ping();
    return reply(res, 200, { status: 'ok' });
  }
  if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { errors: [{ message: 'Not found' }] });
  const { operationName, variables = {} } = JSON.parse(await readBody(req)) as { operationName?: string; variables?: Variables };
  const operation = operationName ? store.operations[operationName] : undefined;
  if (!operation) throw new BadRequest(`The baseline answers only ${Object.keys(store.operations).join(', ')}`);
  const viewerId = await viewerIdOf(req.headers.authorization);
  reply(res, 200, { data: await operation(viewerId, variables) });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (error instanceof Unauthenticated) return reply(res, 401, { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    if (error instanceof BadRequest || error instanceof SyntaxError) return reply(res, 400, { errors: [{ message: error.message }] });
    console.error(error);
    reply(res, 500, { errors: [{ message: 'Unexpected error.' }] });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(PORT), HOST, () => console.log(JSON.stringify({ msg: 'baseline listening', url: `http://${HOST}:${PORT}/graphql` })));

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void store.close().then(() => process.exit(0));
});
