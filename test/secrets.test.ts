import { connect } from 'node:net';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';

// No password, token or input value may appear in a response or a log line, over HTTP or
// WebSocket; every request gets one structured log line, and a server fault one error line.

const SECRET = 'Sup3r-secret; at "x" \\ passw0rd';

describe.skipIf(databaseMissing)(`secrets and logging (${testProvider})`, () => {
  let server: TestServer;
  const logLines: string[] = [];
  const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' }, undefined, { logLines });
  });
  afterAll(() => server?.stop());

  const signUp = 'mutation($input: SignUpInput!) { signUp(input: $input) { __typename } }';
  const logIn = 'mutation($input: LogInInput!) { logIn(input: $input) { __typename } }';

  it.each([
    ['signUp with an unknown field', signUp, { email: 'a@example.com', password: SECRET, fullName: 'A', admin: true }],
    ['signUp with a password of the wrong type', signUp, { email: 'a@example.com', password: { nested: SECRET }, fullName: 'A' }],
    ['logIn with a missing field', logIn, { password: SECRET }],
    ['logIn with a number for the email', logIn, { email: 12345, password: SECRET }],
  ])('%s: the error names the field, never the value, in the response or the log', async (_name, query, input) => {
    const before = logLines.length;
    const result = await server.client.raw(query, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/\$input/);
    expect(JSON.stringify(result)).not.toContain('Sup3r-secret');
    expect(logLines.slice(before).join('\n')).not.toContain('Sup3r-secret');
  });

  it('keeps a password out of literal errors in the query text too', async () => {
    const result = await server.client.raw(`mutation { logIn(input: { email: 5, password: "${SECRET.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}" }) { __typename } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(result)).not.toContain('Sup3r-secret');
    expect(logLines.join('\n')).not.toContain('Sup3r-secret');
  });

  it('over WebSocket, refused operations do not echo values either', async () => {
    const tenant = await seedTenant(server.client, 'Echo');
    const ws = connectWs(server.url, tenant.user.token);
    try {
      const errors = await new Promise<unknown>((resolve) =>
        ws.client.subscribe({ query: 'query($id: ID!) { business(id: $id) { id } }', variables: { id: { SECRET } } }, { next: () => {}, error: resolve, complete: () => resolve(null) }),
      );
      expect(JSON.stringify(errors)).toMatch(/BAD_USER_INPUT/);
      expect(JSON.stringify(errors)).not.toContain('Sup3r-secret');
      expect(logLines.join('\n')).not.toContain(tenant.user.token);
    } finally {
      await ws.dispose();
    }
  });

  it('writes one line per request: id, operation, status, duration and outcome, and echoes the request id', async () => {
    const before = logLines.length;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-12345' },
      body: JSON.stringify({ query: 'query WhoAmI { me { id } }', operationName: 'WhoAmI' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-12345');
    const lines = logged().slice(before).filter((line) => line.msg === 'graphql request');
    expect(lines).toEqual([expect.objectContaining({ reqId: 'req-12345', operation: 'WhoAmI', status: 200, outcome: 'ok', level: 30, durationMs: expect.any(Number) })]);
  });

  it('logs client errors at info without a stack', async () => {
    const before = logLines.length;
    await server.client.raw('{ businesses(first: 1) { totalCount } }');
    const lines = logged().slice(before);
    expect(lines.filter((line) => line.msg === 'graphql request')).toEqual([expect.objectContaining({ outcome: 'client_error', codes: ['UNAUTHENTICATED'], level: 30 })]);
    expect(lines.some((line) => (line.level as number) >= 40 || JSON.stringify(line).includes('stack'))).toBe(false);
  });

  it('masks a server fault for the client and logs it once, at error, with the request id, over HTTP and WebSocket', async () => {
    const tenant = await seedTenant(server.client, 'Faulty');
    await prisma.$executeRawUnsafe('DROP TABLE "Message"');
    const before = logLines.length;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'fault-1', authorization: `Bearer ${tenant.user.token}` },
      body: JSON.stringify({ query: 'query($id: ID!) { business(id: $id) { messages(first: 1) { totalCount } } }', variables: { id: tenant.business.id } }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(body)).not.toMatch(/Message|SELECT|prisma|\.ts:\d+/);
    const lines = logged().slice(before);
    expect(lines.filter((line) => line.level === 50)).toEqual([expect.objectContaining({ reqId: 'fault-1', msg: 'unexpected error while serving a request' })]);
    expect(lines.filter((line) => line.msg === 'graphql request')).toEqual([expect.objectContaining({ reqId: 'fault-1', outcome: 'server_error' })]);

    const ws = connectWs(server.url, tenant.user.token);
    try {
      const beforeWs = logLines.length;
      const result = await new Promise<FormattedExecutionResult>((resolve, reject) =>
        ws.client.subscribe({ query: 'query($id: ID!) { business(id: $id) { messages(first: 1) { totalCount } } }', variables: { id: tenant.business.id } }, { next: resolve, error: reject, complete: () => {} }),
      );
      expect(result.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const wsLines = logged().slice(beforeWs);
      const started = wsLines.find((line) => line.msg === 'graphql operation started');
      expect(started?.reqId).toEqual(expect.any(String));
      expect(wsLines.filter((line) => line.level === 50)).toEqual([expect.objectContaining({ reqId: started?.reqId, msg: 'unexpected error while serving a request' })]);
    } finally {
      await ws.dispose();
    }

    // REST runs the same resolvers: its fault is masked the same way and its line names its request.
    const beforeRest = logLines.length;
    const rest = await fetch(`${server.origin}/api/businesses/${encodeURIComponent(tenant.business.id)}/search?query=anything`, {
      headers: { 'x-request-id': 'rest-fault-1', authorization: `Bearer ${tenant.user.token}` },
    });
    expect(rest.status).toBe(500);
    expect(await rest.json()).toEqual({ errors: [{ message: 'Unexpected error.', code: 'INTERNAL_SERVER_ERROR' }] });
    expect(logged().slice(beforeRest).filter((line) => line.level === 50)).toEqual([expect.objectContaining({ reqId: 'rest-fault-1', msg: 'unexpected error while serving a request' })]);
  });

  it('does not log a client that goes away mid-body as a server fault, on /graphql or REST', async () => {
    const tenant = await seedTenant(server.client, 'Leaver');
    const before = logLines.length;
    for (const path of ['/api/campaigns', '/graphql']) {
      const socket = connect(Number(new URL(server.origin).port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${tenant.user.token}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"input":`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
    }
    // The server has seen the closes once a request after them is answered on another connection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${server.origin}/api/openapi.json`)).status).toBe(200);
    const lines = logged().slice(before);
    expect(lines.filter((line) => (line.level as number) >= 40)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'the client closed its connection mid-request')).toEqual([expect.objectContaining({ level: 30, reqId: expect.any(String), reason: 'aborted' })]);
  });
});
