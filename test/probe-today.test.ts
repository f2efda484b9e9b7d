import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { onQuery, prisma } from '../src/db/client.ts';
import { chunkedBody } from './support/chunked-body.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, seedTenant, signUpUser, type TestUser } from './support/fixtures.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A probe of the day's changes: Business.invitations and webhookEndpoints as scope-checked
// relations, versions read through a batched loader, the AiCache table's two-statement writes,
// and gzip bodies on /graphql and /mcp.

type Json = any;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const globalIdOf = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe.skipIf(databaseMissing)(`probe of the day's changes (${testProvider})`, () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, undefined, { logLines });
    tenant = await seedTenant(server.client, 'Prober');
  });
  afterAll(() => server?.stop());

  /**
   * Deletes a row from inside a statement's query event, synchronously: the request that ran the
   * statement goes on only after the row is gone, as if it had been deleted just then.
   */
  function deleteNow(sql: string) {
    if (testProvider === 'postgresql') {
      execFileSync('psql', [server.databaseUrl, '-q', '-c', sql]);
      return;
    }
    const db = new Database(new URL(server.databaseUrl).pathname);
    db.pragma('foreign_keys = ON');
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  describe('Business.invitations and webhookEndpoints', () => {
    const AdminLists = `query($id: ID!) { business(id: $id) { id name invitations(first: 5) { edges { node { id } } } webhookEndpoints { id } } }`;

    // Finding: a member removed between the business's read and the fields' role check failed the
    // scope (no access) and got scope-auth's unauthorizedError: UNAUTHENTICATED, to a signed-in caller.
    it('answers a member removed mid-request FORBIDDEN on those fields only, never UNAUTHENTICATED', async () => {
      const admin: TestUser = await signUpUser(server.client, 'Leaver');
      const businessId = localIdOf(tenant.business.id);
      const userId = localIdOf(admin.id);
      await prisma.membership.create({ data: { businessId, userId, role: 'ADMIN' } });
      let armed = true;
      const stop = onQuery((sql) => {
        if (!armed || !/FROM [`"][a-z]+[`"]\.[`"]Business[`"]/.test(sql)) return;
        armed = false;
        deleteNow(`DELETE FROM "Membership" WHERE "businessId" = '${businessId}' AND "userId" = '${userId}'`);
      });
      try {
        const answer = await server.client.raw<Json>(AdminLists, { id: tenant.business.id }, { token: admin.token });
        expect(armed).toBe(false);
        expect(answer.data?.business).toMatchObject({ id: tenant.business.id, name: expect.any(String), invitations: null, webhookEndpoints: null });
        expect(answer.errors?.map((error: Json) => [error.path.join('.'), error.extensions.code]).sort()).toEqual([
          ['business.invitations', 'FORBIDDEN'],
          ['business.webhookEndpoints', 'FORBIDDEN'],
        ]);
      } finally {
        stop();
      }
    });

    it('keeps the business for an EDITOR who also asks for its webhook endpoints (only they are refused)', async () => {
      const editor: TestUser = await signUpUser(server.client, 'Editor');
      await prisma.membership.create({ data: { businessId: localIdOf(tenant.business.id), userId: localIdOf(editor.id), role: 'EDITOR' } });
      const answer = await server.client.raw<Json>(AdminLists, { id: tenant.business.id }, { token: editor.token });
      expect(answer.data?.business).toMatchObject({ id: tenant.business.id, name: expect.any(String), invitations: null, webhookEndpoints: null });
      expect(answer.errors?.map((error: Json) => [error.path.join('.'), error.extensions.code]).sort()).toEqual([
        ['business.invitations', 'FORBIDDEN'],
        ['business.webhookEndpoints', 'FORBIDDEN'],
      ]);
    });
  });

  describe('every kind of viewer, through every way to a business', () => {
    const Fields = `id name viewerRole
      pending: invitations(status: PENDING) { edges { node { id status } } }
      expired: invitations(status: EXPIRED, first: 1) { edges { node { id status } } }
      all: invitations { edges { node { id } } }
      webhookEndpoints { id }`;
    const Queries = {
      business: `query($id: ID!) { one: business(id: $id) { ${Fields} } }`,
      businesses: `query { list: businesses(first: 5) { edges { node { ${Fields} } } } }`,
      nodes: `query($id: ID!) { list: nodes(ids: [$id, $id]) { ... on Business { ${Fields} } } }`,
      campaign: `query($campaignId: ID!) { campaign(id: $campaignId) { business { ${Fields} } } }`,
    };

    it('gives invitations to the OWNER and ADMINs only and webhook endpoints to them and ADMIN keys, FORBIDDEN on that field alone to others', async () => {
      const owner = await signUpUser(server.client, 'Matrix');
      const business = await createBusiness(server.client, owner, 'Matrix shop');
      const businessId = localIdOf(business.id);
      const campaign = await createCampaign(server.client, owner, business.id);
      const now = Date.now();
      const invitation = (email: string, expiresAt: number) => ({ businessId, email, role: 'EDITOR' as const, tokenHash: randomUUID(), expiresAt: new Date(expiresAt), invitedById: localIdOf(owner.id) });
      const pending = await prisma.invitation.create({ data: invitation('p@example.com', now + 86_400_000) });
      const expired = await prisma.invitation.create({ data: invitation('e@example.com', now - 1000) });
      // Older, so the first EXPIRED one (newest first) is the other.
      await prisma.invitation.create({ data: { ...invitation('e2@example.com', now - 2000), createdAt: new Date(now - 60_000) } });
      await prisma.invitation.create({ data: { ...invitation('r@example.com', now + 86_400_000), revokedAt: new Date() } });
      const endpoint = await prisma.webhookEndpoint.create({ data: { businessId, url: 'https://hooks.example.com/m', events: ['content.published'], secret: 'whsec_m' } });
      const member = async (role: 'ADMIN' | 'EDITOR' | 'VIEWER') => {
        const user = await signUpUser(server.client, role.toLowerCase());
        await prisma.membership.create({ data: { businessId, userId: localIdOf(user.id), role } });
        return user.token;
      };
      const key = async (scopes: string[]) => {
        const { data } = await server.client.raw<Json>(
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key } } }`,
          { input: { businessId: business.id, name: scopes.join('+'), scopes } },
          { token: owner.token },
        );
        return data.createApiKey.key as string;
      };
      const viewers: [string, string, { invitations: boolean; webhooks: boolean }][] = [
        ['OWNER', owner.token, { invitations: true, webhooks: true }],
        ['ADMIN', await member('ADMIN'), { invitations: true, webhooks: true }],
        ['EDITOR', await member('EDITOR'), { invitations: false, webhooks: false }],
        ['VIEWER', await member('VIEWER'), { invitations: false, webhooks: false }],
        ['READ key', await key(['READ']), { invitations: false, webhooks: false }],
        ['READ+ADMIN key', await key(['READ', 'ADMIN']), { invitations: false, webhooks: true }],
        ['READ+WRITE key', await key(['READ', 'WRITE']), { invitations: false, webhooks: false }],
      ];
      const gid = (type: string, id: string) => globalIdOf(type, id);
      for (const [label, token, allowed] of viewers) {
        for (const [way, query] of Object.entries(Queries)) {
          const variables = way === 'businesses' ? {} : way === 'campaign' ? { campaignId: campaign.id } : { id: business.id };
          const answer = await server.client.raw<Json>(query, variables, { token });
          expect(answer.data, `${label} ${way} ${JSON.stringify(answer.errors)}`).toBeTruthy();
          const seen: Json[] = way === 'business' ? [answer.data.one] : way === 'campaign' ? [answer.data.campaign.business] : way === 'businesses' ? answer.data.list.edges.map((edge: Json) => edge.node) : answer.data.list;
          const where = `${label} through ${way}: ${JSON.stringify(answer.errors)}`;
          expect(seen.length, where).toBeGreaterThan(0);
          for (const found of seen) {
            expect(found, where).toMatchObject({ id: business.id, name: 'Matrix shop' });
            if (allowed.invitations) {
              expect(found.pending.edges.map((edge: Json) => edge.node), where).toEqual([{ id: gid('Invitation', pending.id), status: 'PENDING' }]);
              expect(found.expired.edges.map((edge: Json) => edge.node), where).toEqual([{ id: gid('Invitation', expired.id), status: 'EXPIRED' }]);
              expect(found.all.edges, where).toHaveLength(4);
            } else {
              expect([found.pending, found.expired, found.all], where).toEqual([null, null, null]);
            }
            expect(found.webhookEndpoints, where).toEqual(allowed.webhooks ? [{ id: gid('WebhookEndpoint', endpoint.id) }] : null);
          }
          const codes = new Set((answer.errors ?? []).map((error: Json) => error.extensions?.code));
          expect([...codes], where).toEqual(allowed.invitations && allowed.webhooks ? [] : ['FORBIDDEN']);
        }
      }
      const anonymous = await server.client.raw<Json>(Queries.business, { id: business.id });
      expect(anonymous.data?.one ?? null).toBeNull();
      expect(JSON.stringify(anonymous)).not.toContain('example.com');
    });
  });

  describe('through a subscription', () => {
    it("answers a campaign event's business with invitations to the OWNER, and without them (FORBIDDEN) but whole to an EDITOR", async () => {
      const owner = await signUpUser(server.client, 'Streamer');
      const business = await createBusiness(server.client, owner, 'Live shop');
      const campaign = await createCampaign(server.client, owner, business.id);
      const editor = await signUpUser(server.client, 'Watcher');
      await prisma.membership.create({ data: { businessId: localIdOf(business.id), userId: localIdOf(editor.id), role: 'EDITOR' } });
      await prisma.invitation.create({
        data: { businessId: localIdOf(business.id), email: 'live@example.com', role: 'EDITOR', tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000), invitedById: localIdOf(owner.id) },
      });
      const query = `subscription($id: ID!) { campaignUpdated(businessId: $id) { campaign { id name business { id name invitations { edges { node { id } } } webhookEndpoints { id } } } } }`;
      const events = (token: string) => {
        const client = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
        const first = new Promise<Json>((resolve, reject) => {
          client.subscribe({ query, variables: { id: business.id } }, { next: resolve, error: reject, complete: () => reject(new Error('completed')) });
        });
        return { client, first };
      };
      const before = server.app.events.activeSubscriptions();
      const asOwner = events(owner.token);
      const asEditor = events(editor.token);
      try {
        // Subscriptions start asynchronously on the server: wait until it holds both.
        for (let i = 0; i < 200 && server.app.events.activeSubscriptions() < before + 2; i++) await sleep(10);
        await server.client.raw<Json>(`mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }`, { input: { id: campaign.id, name: 'Renamed live' } }, { token: owner.token });
        const [ownerEvent, editorEvent] = await Promise.all([asOwner.first, asEditor.first]);
        expect(ownerEvent.errors).toBeUndefined();
        expect(ownerEvent.data.campaignUpdated.campaign.business).toMatchObject({ id: business.id, invitations: { edges: [expect.anything()] }, webhookEndpoints: [] });
        expect(editorEvent.data.campaignUpdated.campaign).toMatchObject({ name: 'Renamed live', business: { id: business.id, name: 'Live shop', invitations: null, webhookEndpoints: null } });
        expect(editorEvent.errors.map((error: Json) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      } finally {
        await Promise.all([asOwner.client.dispose(), asEditor.client.dispose()]);
      }
    });
  });

  describe('versions', () => {
    it("never lists a CONTENT version under a campaign of the same id, nor another tenant's", async () => {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, 'Versioned');
      const campaignId = localIdOf(campaign.id);
      const businessId = localIdOf(tenant.business.id);
      const other = await seedTenant(server.client, 'Other');
      const at = new Date(Date.UTC(2026, 0, 1, 12));
      const version = (entityType: 'CAMPAIGN' | 'CONTENT', owner: string, name: string) => ({
        id: randomUUID(),
        entityType,
        entityId: campaignId,
        businessId: owner,
        source: 'USER' as const,
        changedFields: ['name'],
        previous: { name },
        createdAt: at,
      });
      const own = [version('CAMPAIGN', businessId, 'a'), version('CAMPAIGN', businessId, 'b'), version('CAMPAIGN', businessId, 'c')];
      const ofContent = version('CONTENT', businessId, 'content');
      await prisma.version.createMany({ data: [...own, ofContent, version('CAMPAIGN', localIdOf(other.business.id), 'foreign')] });
      const expected = [...own].sort((a, b) => (a.id < b.id ? 1 : -1)).map((row) => globalIdOf('Version', row.id));

      const Query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Campaign { id
        all: versions(first: 10) { totalCount edges { cursor node { id } } }
        last: versions(last: 2) { totalCount edges { node { id } } }
      } } }`;
      const answer = await server.client.raw<Json>(Query, { ids: [campaign.id, tenant.campaign.id] }, { token: tenant.user.token });
      expect(answer.errors).toBeUndefined();
      const mine = answer.data.nodes[0];
      // The foreign tenant's row names this campaign too: versions are filtered by entity, not business (as before).
      const listed = mine.all.edges.map((edge: Json) => edge.node.id);
      expect(listed).not.toContain(globalIdOf('Version', ofContent.id));
      expect(listed.filter((id: string) => expected.includes(id))).toEqual(expected);
      const after = await server.client.raw<Json>(`query($id: ID!, $after: String) { campaign(id: $id) { versions(first: 2, after: $after) { edges { node { id } } } } }`, {
        id: campaign.id,
        after: mine.all.edges[0].cursor,
      }, { token: tenant.user.token });
      expect(after.data.campaign.versions.edges.map((edge: Json) => edge.node.id)).toEqual(listed.slice(1, 3));
      expect(mine.last.edges.map((edge: Json) => edge.node.id)).toEqual(listed.slice(-2));
    });
  });

  describe('versions of a campaign trashed and restored', () => {
    it('lists the same history, before and after, alone, in a list and in the restore payload', async () => {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, 'Round trip');
      const rename = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }`;
      for (const name of ['Second', 'Third', 'Fourth']) {
        expect((await server.client.raw<Json>(rename, { input: { id: campaign.id, name } }, { token: tenant.user.token })).data.updateCampaign.__typename).toBe('Campaign');
      }
      const Versions = `versions(first: 2) { totalCount edges { node { id changedFields previous } } } oldest: versions(last: 1) { edges { node { id } } }`;
      const read = async () => {
        const alone = await server.client.raw<Json>(`query($id: ID!) { campaign(id: $id) { ${Versions} } }`, { id: campaign.id }, { token: tenant.user.token });
        const listed = await server.client.raw<Json>(`query($id: ID!) { business(id: $id) { campaigns(first: 50) { edges { node { id ${Versions} } } } } }`, { id: tenant.business.id }, { token: tenant.user.token });
        const inList = listed.data.business.campaigns.edges.find((edge: Json) => edge.node.id === campaign.id).node;
        const { id: _id, ...versions } = inList;
        expect(versions).toEqual(alone.data.campaign);
        return alone.data.campaign;
      };
      const before = await read();
      expect(before.versions.totalCount).toBe(3);
      const trashed = await server.client.raw<Json>(`mutation($id: ID!) { deleteCampaign(input: { id: $id }) { ... on TrashItem { id } } }`, { id: campaign.id }, { token: tenant.user.token });
      const restored = await server.client.raw<Json>(
        `mutation($id: ID!) { restoreFromTrash(input: { id: $id }) { ... on RestoredFromTrash { restored { ... on Campaign { ${Versions} } } } } }`,
        { id: trashed.data.deleteCampaign.id },
        { token: tenant.user.token },
      );
      expect(restored.errors).toBeUndefined();
      expect(restored.data.restoreFromTrash.restored).toEqual(before);
      expect(await read()).toEqual(before);
    });
  });

  describe('the AiCache table', () => {
    const Performance = `query($id: ID!) { campaign(id: $id) { id performance { totals { likes measuredContent } } } }`;

    it('fills from 20 concurrent misses of the same campaign without a warning, each row of its business', async () => {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, 'Raced');
      const before = logLines.length;
      const answers = await Promise.all(Array.from({ length: 20 }, () => server.client.raw<Json>(Performance, { id: campaign.id }, { token: tenant.user.token })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const warnings = logLines.slice(before).filter((line) => JSON.parse(line).level >= 40);
      expect(warnings).toEqual([]);
      const rows = await prisma.aiCache.findMany({ select: { key: true, businessId: true } });
      const businesses = await prisma.business.findMany({ select: { id: true } });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(businesses.map((b) => b.id)).toContain(row.businessId);
    });

    it('writes nothing, and warns of nothing, for a business deleted while its figures were computed', async () => {
      const doomed = await seedTenant(server.client, 'Doomed');
      const businessId = localIdOf(doomed.business.id);
      const before = logLines.length;
      let armed = true;
      // Deleted just after the cache cleared the keys it is about to insert.
      const stop = onQuery((sql) => {
        if (!armed || !/^DELETE FROM [`"][a-z]+[`"]\.[`"]AiCache[`"]/.test(sql)) return;
        armed = false;
        deleteNow(`DELETE FROM "Business" WHERE "id" = '${businessId}'`);
      });
      try {
        const answer = await server.client.raw<Json>(Performance, { id: doomed.campaign.id }, { token: doomed.user.token });
        expect(armed).toBe(false);
        expect(answer.data.campaign.performance.totals).toBeDefined();
      } finally {
        stop();
      }
      await sleep(50);
      expect(logLines.slice(before).filter((line) => JSON.parse(line).level >= 40)).toEqual([]);
      expect(await prisma.aiCache.count({ where: { businessId } })).toBe(0);
    });

    it('writes the same campaign asked twice in one request once, without a warning', async () => {
      const campaign = await createCampaign(server.client, tenant.user, tenant.business.id, 'Twice');
      const before = logLines.length;
      const answer = await server.client.raw<Json>(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Campaign { performance { totals { likes } } } } }`, { ids: [campaign.id, campaign.id] }, {
        token: tenant.user.token,
      });
      expect(answer.errors).toBeUndefined();
      expect(logLines.slice(before).filter((line) => JSON.parse(line).level >= 40)).toEqual([]);
    });
  });

  describe('gzip bodies', () => {
    const query = JSON.stringify({ query: '{ me { id } }' });
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' });

    async function post(path: string, encoding: string | undefined, body: Uint8Array, contentType = 'application/json') {
      const response = await fetch(new URL(path, server.origin), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tenant.user.token}`,
          'content-type': contentType,
          accept: 'application/json, text/event-stream',
          ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
        },
        body: new Uint8Array(body),
      });
      const text = await response.text();
      return { status: response.status, text };
    }

    it('reads GZIP in capitals and identity, on both endpoints', async () => {
      expect(await post('/graphql', 'GZIP', gzipSync(query))).toMatchObject({ status: 200, text: expect.stringContaining(tenant.user.id) });
      expect(await post('/graphql', 'identity', Buffer.from(query))).toMatchObject({ status: 200 });
      expect(await post('/mcp', 'GZIP', gzipSync(ping))).toMatchObject({ status: 200, text: expect.stringContaining('"id":7') });
      expect(await post('/mcp', 'identity', Buffer.from(ping))).toMatchObject({ status: 200 });
    });

    it('refuses an empty gzip body and gzip with trailing garbage as bad input, not an internal error', async () => {
      for (const path of ['/graphql', '/mcp']) {
        for (const body of [new Uint8Array(0), Buffer.concat([gzipSync(path === '/mcp' ? ping : query), Buffer.from('garbage')])]) {
          const answer = await post(path, 'gzip', body);
          expect([400, 415], `${path} ${answer.status} ${answer.text}`).toContain(answer.status);
          expect(answer.text).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
        }
      }
    });

    it('refuses an unknown Content-Type with a body on /mcp and /graphql with 415', async () => {
      expect((await post('/graphql', 'gzip', gzipSync(query), 'application/xml')).status).toBe(415);
      const mcp = await post('/mcp', 'gzip', gzipSync(ping), 'application/xml');
      expect(mcp.status, mcp.text).toBe(415);
    });

    it('refuses a method /graphql does not take with 405, Allow and a code, even with a JSON body', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const response = await fetch(new URL('/graphql', server.origin), { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: query });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, POST');
        expect(await response.json()).toEqual({ errors: [{ message: `This endpoint does not take ${method}: send GraphQL requests with POST (or GET for queries).`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
      }
    });

    it('refuses a chunked gzip body over the limit on /mcp as it streams in, closing the connection', async () => {
      const big = gzipSync(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping', params: { pad: randomBytes(1_000_000).toString('base64') } }));
      const response = await fetch(new URL('/mcp', server.origin), {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.user.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-encoding': 'gzip' },
        ...chunkedBody(big),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toMatchObject({ error: { message: expect.stringMatching(/over the limit of 1000000 bytes\.$/), data: { code: 'BAD_USER_INPUT' } } });
      expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    });

    it('answers a GET with a gzip body as a GET: the query string, not the body', async () => {
      const url = new URL('/graphql', server.origin);
      url.searchParams.set('query', '{ me { id } }');
      const body = gzipSync(query);
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(url, { method: 'GET', headers: { authorization: `Bearer ${tenant.user.token}`, accept: 'application/json', 'content-type': 'application/json', 'content-encoding': 'br', 'content-length': body.length } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect([200, 415]).toContain(answer.status);
      expect(answer.text).not.toMatch(/INTERNAL_SERVER_ERROR/);
    });
  });
});
