import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { SubscribePayload } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStatusChanged, Dashboard, SignUp, TransitionContent } from '../examples/client/operations.ts';
import { loadPersistedOperations } from '../src/graphql/persisted-operations.ts';
import { databaseMissing } from './support/database.ts';
import { createContent, seedTenant } from './support/fixtures.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';

// The example client's documents, listed by codegen (client preset, persistedDocuments) in the
// manifest the servers below load.
const manifest = join(import.meta.dirname, '../examples/client/generated/persisted-documents.json');
const idOf = (document: TypedDocumentNode<unknown, never>) => (document as unknown as { __meta__: { hash: string } }).__meta__.hash;

async function post(server: TestServer, body: Record<string, unknown>, token?: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const signUpVariables = (name: string) => ({ input: { email: `${name}-${Date.now()}-${Math.random()}@example.com`, password: 'correct horse battery', fullName: name } });

/** The first event of a subscription sent over graphql-ws as the payload given, or its errors. */
function firstOverWs(server: TestServer, token: string, payload: SubscribePayload & { documentId?: string }) {
  const ws = connectWs(server.url, token);
  const outcome = new Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>((resolve) => {
    ws.client.subscribe(payload, {
      next: (result) => resolve(result.errors ? { errors: result.errors as never } : { data: result.data }),
      error: (errors) => resolve({ errors: errors as never }),
      complete: () => {},
    });
  });
  return { outcome, dispose: () => ws.dispose() };
}

async function subscribed(server: TestServer, before: number) {
  for (let i = 0; i < 300 && server.app.events.activeSubscriptions() <= before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.skipIf(databaseMissing)('persisted operations', () => {
  describe('by default', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ PERSISTED_OPERATIONS_FILE: manifest });
    });
    afterAll(() => server?.stop());

    it('runs an operation of the manifest sent by its id, as documentId or as Apollo’s persistedQuery extension', async () => {
      const byDocumentId = await post(server, { documentId: idOf(SignUp), variables: signUpVariables('byid') });
      expect(byDocumentId.status).toBe(200);
      expect(byDocumentId.body.data?.signUp.__typename).toBe('AuthPayload');
      const token = byDocumentId.body.data!.signUp.token as string;

      const byExtension = await post(server, { extensions: { persistedQuery: { version: 1, sha256Hash: idOf(Dashboard) } } }, token);
      expect(byExtension.body).toEqual({ data: { businesses: { totalCount: 0, edges: [] } } });

      // GET, for caches: the id in the URL (with the CSRF header every GET needs).
      const viaGet = await fetch(`${server.url}?documentId=${encodeURIComponent(idOf(Dashboard))}`, {
        headers: { authorization: `Bearer ${token}`, 'graphql-preflight': '1', accept: 'application/json' },
      });
      expect(await viaGet.json()).toEqual({ data: { businesses: { totalCount: 0, edges: [] } } });
    });

    it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND, naming it', async () => {
      const unknown = await post(server, { documentId: 'sha256:0000', variables: {} });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([
        { message: expect.stringContaining('No persisted operation has the id "sha256:0000"'), extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      ]);
      const nothing = await post(server, { variables: {} });
      expect(nothing.status).toBe(400);
      expect(nothing.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    });

    it('still runs any document sent in full', async () => {
      expect((await post(server, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    });

    it('runs a subscription by id over WebSocket, and refuses an unknown id there with the same code', async () => {
      const owner = await seedTenant(server.client, 'PersistedWs');
      const content = await createContent(server.client, owner.user, owner.campaign.id);
      const before = server.app.events.activeSubscriptions();
      const live = firstOverWs(server, owner.user.token, { query: '', documentId: idOf(ContentStatusChanged), variables: { businessId: owner.business.id } });
      await subscribed(server, before);
      const moved = await post(server, { documentId: idOf(TransitionContent), variables: { id: content.id, to: 'REVIEW' } }, owner.user.token);
      expect(moved.body.data?.transitionContent).toEqual({ __typename: 'Content', id: content.id, status: 'REVIEW' });
      expect(await live.outcome).toMatchObject({ data: { contentStatusChanged: { previousStatus: 'DRAFT', status: 'REVIEW', content: { id: content.id } } } });
      await live.dispose();

      const unknown = firstOverWs(server, owner.user.token, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'sha256:0000' } } });
      expect(await unknown.outcome).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })] });
      await unknown.dispose();
    });
  });

  describe('with PERSISTED_OPERATIONS_ONLY=true', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ PERSISTED_OPERATIONS_FILE: manifest, PERSISTED_OPERATIONS_ONLY: 'true' });
    });
    afterAll(() => server?.stop());

    it('refuses any document sent in full with PERSISTED_QUERY_REQUIRED, over HTTP and WebSocket', async () => {
      const plain = await post(server, { query: '{ __typename }' });
      expect(plain.status).toBe(400);
      expect(plain.body.errors).toEqual([{ message: expect.stringContaining('persisted operations only'), extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }]);
      // The text of a listed operation is no way around it: only ids are accepted.
      const listedText = await post(server, { query: 'mutation { logIn(input: {email: "a@b.c", password: "x"}) { __typename } }' });
      expect(listedText.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');

      const signedUp = await post(server, { documentId: idOf(SignUp), variables: signUpVariables('only') });
      const token = signedUp.body.data!.signUp.token as string;
      const overWs = firstOverWs(server, token, { query: 'subscription { contentStatusChanged(businessId: "x") { eventId } }' });
      expect(await overWs.outcome).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_REQUIRED' } })] });
      await overWs.dispose();
    });

    it('runs the operations of its manifest by id', async () => {
      const signedUp = await post(server, { documentId: idOf(SignUp), variables: signUpVariables('only-ok') });
      expect(signedUp.body.data?.signUp.__typename).toBe('AuthPayload');
      const dashboard = await post(server, { documentId: idOf(Dashboard) }, signedUp.body.data!.signUp.token);
      expect(dashboard.body).toEqual({ data: { businesses: { totalCount: 0, edges: [] } } });
    });
  });
});

describe('the manifest', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'herald-persisted-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const load = (env: { PERSISTED_OPERATIONS_FILE?: string; PERSISTED_OPERATIONS_ONLY?: boolean }) =>
    loadPersistedOperations({ PERSISTED_OPERATIONS_ONLY: false, ...env });

  it('is optional where it is not asked for: no default file, no operation known by id', () => {
    const cwd = process.cwd();
    process.chdir(scratch);
    try {
      expect(load({}).size).toBe(0);
      expect(() => load({ PERSISTED_OPERATIONS_ONLY: true })).toThrow(/PERSISTED_OPERATIONS_ONLY=true needs the manifest.*persisted-operations\.json/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('stops the start when a file named on purpose is missing or not a manifest', () => {
    expect(() => load({ PERSISTED_OPERATIONS_FILE: join(scratch, 'missing.json') })).toThrow(/PERSISTED_OPERATIONS_FILE: cannot read .*missing\.json \(ENOENT\)/);
    const write = (name: string, text: string) => {
      writeFileSync(join(scratch, name), text);
      return join(scratch, name);
    };
    expect(() => load({ PERSISTED_OPERATIONS_FILE: write('list.json', '["{ a }"]') })).toThrow(/must be a JSON object of id → document/);
    expect(() => load({ PERSISTED_OPERATIONS_FILE: write('broken.json', '{"x": "query {"}') })).toThrow(/the operation "x" .* is not GraphQL/);
    expect(load({ PERSISTED_OPERATIONS_FILE: write('ok.json', '{"x": "{ __typename }"}') }).size).toBe(1);
  });
});
