import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { TransitionContent } from './support/operations.ts';
import { jobsIdle } from './support/jobs.ts';
import { untilNoStatements } from './support/quiet.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { dataWithStatements } from './support/sql-statements.ts';

const AuditLog = graphql(`
  query AuditLog($businessId: ID!, $filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(businessId: $businessId, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id createdAt action actorKind actor { id } apiKeyId ruleId entityType entityId operation
          changes { field before after }
          requestId clientAddress userAgent
        }
      }
    }
  }
`);

const EditForAudit = graphql(`
  mutation EditForAudit($input: UpdateContentInput!) {
    updateContent(input: $input) { __typename ... on Content { id caption } ... on Error { code message } }
  }
`);

type Event = { action: string; actorKind: string; entityType: string; entityId: string; operation: string | null; changes: { field: string; before: unknown; after: unknown }[]; [key: string]: unknown };

describe.skipIf(databaseMissing)(`audit trail (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let campaignId: string;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer({ AUTO_TAGGING: 'true', ADMIN_EMAILS: 'taxonomist@audit.test' });
    owner = await signUpUser(server.client, 'Auditor');
    businessId = (await createBusiness(server.client, owner)).id;
    campaignId = (await createCampaign(server.client, owner, businessId)).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const log = async (filter: Record<string, unknown> = {}, token = owner.token, first = 50): Promise<Event[]> =>
    (await server.client.data(AuditLog, { businessId, filter, first }, { token })).auditLog.edges.map((edge) => edge.node as Event);
  const call = (query: string, variables: Record<string, unknown>, token = owner.token, headers: Record<string, string> = {}) =>
    server.client.raw<any>(query, variables, { token, headers });
  const changeOf = (event: Event, field: string) => event.changes.find((change) => change.field === field);

  it('records an edit with who made it, from where, on which request, and each field before and after', async () => {
    const content = await createContent(server.client, owner, campaignId);
    const requestId = `audit-${randomUUID()}`;
    const edited = await server.client.request(
      EditForAudit,
      { input: { id: content.id, caption: 'Sourdough, now on Sundays', hashtags: ['#sourdough'] } },
      { token: owner.token, headers: { 'x-request-id': requestId, 'user-agent': 'audit-test/1.0' } },
    );
    expectType(edited.data!.updateContent, 'Content');

    const [event, ...more] = await log({ requestId });
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      action: 'UPDATE',
      actorKind: 'USER',
      actor: { id: owner.id },
      apiKeyId: null,
      entityType: 'Content',
      entityId: content.id,
      operation: 'updateContent',
      requestId,
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'audit-test/1.0',
    });
    expect(changeOf(event!, 'caption')).toEqual({ field: 'caption', before: 'Day 1: fresh croissants', after: 'Sourdough, now on Sundays' });
    expect(changeOf(event!, 'hashtags')).toEqual({ field: 'hashtags', before: ['bakery'], after: ['sourdough'] });
    // Only what changed: the platform did not.
    expect(changeOf(event!, 'platform')).toBeUndefined();

    // The creation holds every field's first value; the entity's whole story is one filter away.
    const story = await log({ entityId: content.id });
    expect(story.map((each) => each.action)).toEqual(expect.arrayContaining(['CREATE', 'UPDATE']));
    expect(changeOf(story.find((each) => each.action === 'CREATE')!, 'caption')).toMatchObject({ before: null, after: 'Day 1: fresh croissants' });
  });

  it('names an API key, a job and an automation rule as the actors of what they change', async () => {
    // The tagging of the content before settles first: it is not what this looks at.
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const created = await call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { key apiKey { id } } } }', {
      input: { businessId, name: 'Scheduler', scopes: ['READ', 'WRITE'] },
    });
    const { key, apiKey: keyNode } = created.data.createApiKey;
    apiKey = key;
    const rule = await call('mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { ... on AutomationRule { id } ... on Error { code message } } }', {
      input: { businessId, name: 'Sundays are events', ruleType: 'TAGGING', conditions: { keywords: ['sunday market'] }, actions: { addTags: ['market-day'] } },
    });
    const ruleId = rule.data.createAutomationRule.id;
    expect(ruleId, JSON.stringify(rule)).toBeTruthy();

    const byKey = await call(
      'mutation($input: CreateContentInput!) { createContent(input: $input) { ... on Content { id } ... on Error { code message } } }',
      { input: { campaignId, day: 2, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Find us at the Sunday market this week' } },
      key,
    );
    const contentId = byKey.data.createContent.id;
    expect(await jobsIdle(server.app.jobs)).toBe(true);

    const events = await log({ entityId: contentId });
    expect(events.find((event) => event.action === 'CREATE')).toMatchObject({ actorKind: 'API_KEY', actor: { id: owner.id }, apiKeyId: keyNode.id, operation: 'createContent' });
    // Tagging ran as a job; the rule's tag is the rule's change.
    const ruleEvents = await log({ ruleId });
    expect(ruleEvents.length).toBeGreaterThan(0);
    expect(ruleEvents.every((event) => event.actorKind === 'RULE' && event.operation === 'job tag-content' && /^job:/.test(String(event.requestId)))).toBe(true);
    expect(ruleEvents.some((event) => event.entityType === 'ContentTag' && event.action === 'CREATE')).toBe(true);
  });

  it('names the REST route and the MCP tool that made a change, with the request', async () => {
    const requestId = `audit-rest-${randomUUID()}`;
    const response = await fetch(`${server.origin}/api/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', 'x-request-id': requestId, 'user-agent': 'rest-client/2' },
      body: JSON.stringify({ input: { businessId, name: 'Via REST', goal: 'Sell bread', campaignType: 'PRODUCT_LAUNCH', durationDays: 7, targetPlatforms: ['INSTAGRAM'] } }),
    });
    expect(response.status).toBe(200);
    const [rest] = await log({ requestId });
    expect(rest).toMatchObject({ action: 'CREATE', entityType: 'Campaign', operation: 'REST createCampaign', actorKind: 'USER', userAgent: 'rest-client/2' });
    expect(changeOf(rest!, 'name')).toMatchObject({ before: null, after: 'Via REST' });

    const client = new Client({ name: 'audit-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.origin), { requestInit: { headers: { authorization: `Bearer ${owner.token}` } } }));
    try {
      const result = await client.callTool({
        name: 'create_campaign',
        arguments: { businessId, name: 'Via MCP', goal: 'Sell more croissants', campaignType: 'PRODUCT_LAUNCH', durationDays: 7, targetPlatforms: ['INSTAGRAM'] },
      });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    } finally {
      await client.close();
    }
    const [mcp] = await log({ actorKind: 'USER', entityType: 'Campaign', action: 'CREATE' });
    expect(mcp).toMatchObject({ operation: 'mcp create_campaign', actor: { id: owner.id } });
    expect(changeOf(mcp!, 'name')).toMatchObject({ after: 'Via MCP' });
    expect(mcp!.requestId).toBeTruthy();
  });

  it('keeps secrets, password hashes and key hashes out of the trail: it shows only that they changed', async () => {
    const someone = await signUpUser(server.client, 'Secretive');
    const endpoint = await call(
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { ... on WebhookEndpointWithSecret { secret endpoint { id } } ... on Error { code message } } }',
      { input: { businessId, url: 'https://hooks.example.com/audit', events: ['CONTENT_PUBLISHED'] } },
    );
    const { secret, endpoint: created } = endpoint.data.createWebhookEndpoint;
    const rotated = await call('mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { ... on WebhookEndpointWithSecret { secret } ... on Error { code message } } }', {
      input: { id: created.id },
    });
    const newSecret = rotated.data.rotateWebhookSecret.secret;
    expect(newSecret).toMatch(/^whsec_/);

    const events = await log({ entityId: created.id });
    expect(events.map((event) => event.action).sort()).toEqual(['CREATE', 'UPDATE']);
    const rotation = events.find((event) => event.action === 'UPDATE')!;
    expect(changeOf(rotation, 'secret')).toEqual({ field: 'secret', before: '[redacted]', after: '[redacted]' });
    // Its URL's path could hold a token (a Slack-style hook): the append-only trail keeps the origin.
    expect(changeOf(events.find((event) => event.action === 'CREATE')!, 'url')).toMatchObject({ before: null, after: 'https://hooks.example.com/…' });

    // Nothing secret anywhere in the stored trail, whatever the business.
    const stored = JSON.stringify(await prisma.auditEvent.findMany());
    for (const value of [secret, newSecret, apiKey, someone.token, 'correct horse battery']) expect(stored).not.toContain(value);
    expect(stored).not.toContain('$argon2');
    const account = await prisma.auditEvent.findFirst({ where: { entityType: 'User', entityId: localIdOf(someone.id) } });
    expect(account?.changes).toMatchObject({ passwordHash: { before: null, after: '[redacted]' }, email: { after: someone.email } });
  });

  it('writes nothing when the change fails: the events are in its transaction', async () => {
    const requestId = `audit-fail-${randomUUID()}`;
    await call('mutation($input: CreateTagInput!) { createTag(input: $input) { __typename } }', { input: { businessId, name: 'once-only' } });
    const again = await call('mutation($input: CreateTagInput!) { createTag(input: $input) { __typename ... on Error { code } } }', { input: { businessId, name: 'once-only' } }, owner.token, {
      'x-request-id': requestId,
    });
    expect(again.data.createTag.code).toBe('CONFLICT');
    expect(await log({ requestId })).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { requestId } })).toBe(0);
  });

  it('records a change once when the same change is asked several times at once', async () => {
    const created = await call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { apiKey { id } } } }', {
      input: { businessId, name: 'Revoked at once', scopes: ['READ'] },
    });
    const keyId = created.data.createApiKey.apiKey.id;
    const tag = await call('mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } ... on Error { code message } } }', { input: { businessId, name: 'deleted-at-once' } });
    const tagId = tag.data.createTag.id;
    await Promise.all([
      ...[1, 2, 3, 4].map(() => call('mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { __typename } }', { input: { id: keyId } })),
      ...[1, 2, 3, 4].map(() => call('mutation($input: DeleteByIdInput!) { deleteTag(input: $input) { __typename } }', { input: { id: tagId } })),
    ]);
    // On PostgreSQL every request read the row before the first one changed it: only that one changed it.
    expect((await log({ entityId: keyId, action: 'UPDATE' })).map((event) => changeOf(event, 'revokedAt')?.before)).toEqual([null]);
    expect(await log({ entityId: tagId, action: 'DELETE' })).toHaveLength(1);
  });

  it('records what a deletion changes below it: a tag leaving its contents, a category its contents and campaigns', async () => {
    const content = await createContent(server.client, owner, campaignId, 4);
    const contentId = localIdOf(content.id);
    // Its tagging (a job) must not rewrite the tags and category set below.
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const tag = await call('mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } ... on Error { code message } } }', { input: { businessId, name: 'leaving-soon' } });
    await prisma.contentTag.create({ data: { contentId, tagId: localIdOf(tag.data.createTag.id) } });
    const tagRequest = `audit-tag-${randomUUID()}`;
    const deletedTag = await call('mutation($input: DeleteByIdInput!) { deleteTag(input: $input) { __typename } }', { input: { id: tag.data.createTag.id } }, owner.token, { 'x-request-id': tagRequest });
    expect(deletedTag.data.deleteTag.__typename).toBe('Deleted');
    expect((await log({ requestId: tagRequest })).map((event) => `${event.action} ${event.entityType}`).sort()).toEqual(['DELETE ContentTag', 'DELETE Tag']);

    const signedUp = await call('mutation($input: SignUpInput!) { signUp(input: $input) { ... on AuthPayload { token } } }', {
      input: { email: 'taxonomist@audit.test', password: 'correct horse battery', fullName: 'Taxonomist' },
    });
    const category = await prisma.category.create({ data: { name: `Leaving ${randomUUID()}`, keywords: [] } });
    await prisma.content.update({ where: { id: contentId }, data: { primaryCategoryId: category.id } });
    await prisma.campaign.update({ where: { id: localIdOf(campaignId) }, data: { primaryCategoryId: category.id } });
    const categoryRequest = `audit-category-${randomUUID()}`;
    const deletedCategory = await call('mutation($input: DeleteByIdInput!) { deleteCategory(input: $input) { __typename ... on Error { code message } } }', {
      input: { id: Buffer.from(`Category:${category.id}`).toString('base64') },
    }, signedUp.data.signUp.token, { 'x-request-id': categoryRequest });
    expect(deletedCategory.data.deleteCategory.__typename).toBe('Deleted');
    const cleared = await log({ requestId: categoryRequest });
    expect(cleared.map((event) => `${event.entityType} ${event.entityId}`).sort()).toEqual([`Campaign ${campaignId}`, `Content ${content.id}`]);
    expect(cleared.every((event) => changeOf(event, 'primaryCategoryId')?.before === category.id && changeOf(event, 'primaryCategoryId')?.after === null)).toBe(true);
  });

  it('is append-only, and outlives what it describes: trashed, purged, still there', async () => {
    const content = await createContent(server.client, owner, campaignId, 3);
    const trashed = await call('mutation($input: DeleteContentInput!) { deleteContent(input: $input) { ... on TrashItem { id } ... on Error { code message } } }', { input: { id: content.id } });
    const purged = await call('mutation($input: PurgeFromTrashInput!) { purgeFromTrash(input: $input) { __typename ... on Error { code message } } }', {
      input: { id: trashed.data.deleteContent.id },
    });
    expect(purged.data.purgeFromTrash.__typename).toBe('PurgedFromTrash');
    const story = await log({ entityId: content.id });
    // Newest first (tagging, a job, may have updated it in between).
    expect(story.map((event) => event.action)).toEqual(['PURGE', 'TRASH', ...story.slice(2, -1).map(() => 'UPDATE'), 'CREATE']);
    expect(story[1]).toMatchObject({ entityType: 'Content', actorKind: 'USER', operation: 'deleteContent' });

    const someEvent = await prisma.auditEvent.findFirstOrThrow({ where: { businessId: localIdOf(businessId) } });
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'CREATE' WHERE "id" = '${someEvent.id}'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "id" = '${someEvent.id}'`)).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.count({ where: { id: someEvent.id } })).toBe(1);
  });

  it("is the owner's to read, filters by actor, type, action and time, and pages", async () => {
    const admin = await signUpUser(server.client, 'Admin');
    const invited = await call('mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InviteMemberPayload { token } ... on Error { code message } } }', {
      input: { businessId, email: admin.email, role: 'ADMIN' },
    });
    await call('mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename } }', { input: { token: invited.data.inviteMember.token } }, admin.token);
    const refused = await server.client.request(AuditLog, { businessId, first: 5 }, { token: admin.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stranger = await signUpUser(server.client, 'Stranger');
    const hidden = await server.client.request(AuditLog, { businessId, first: 5 }, { token: stranger.token });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const joined = await log({ entityType: 'Member', action: 'CREATE', actorId: admin.id });
    expect(joined).toHaveLength(1);
    expect(changeOf(joined[0]!, 'role')).toMatchObject({ before: null, after: 'ADMIN' });
    expect(await log({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    const bad = await server.client.request(AuditLog, { businessId, filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, first: 5 }, { token: owner.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An id of another type matches nothing.
    expect(await log({ actorId: businessId })).toEqual([]);

    const all = await log({}, owner.token, 200);
    const firstPage = await server.client.data(AuditLog, { businessId, first: 3 }, { token: owner.token });
    expect(firstPage.auditLog.totalCount).toBe(all.length);
    expect((await server.client.data(AuditLog, { businessId, filter: { entityType: 'Member', actorId: admin.id }, first: 1 }, { token: owner.token })).auditLog.totalCount).toBe(1);
    const secondPage = await server.client.data(AuditLog, { businessId, first: 3, after: firstPage.auditLog.pageInfo.endCursor }, { token: owner.token });
    expect([...firstPage.auditLog.edges, ...secondPage.auditLog.edges].map((edge) => edge.node.id)).toEqual(all.slice(0, 6).map((event) => event.id));
  });

  it('reads the actors of a page in one statement, however many events and actors it holds, and checks the business once', async () => {
    const writer = await signUpUser(server.client, 'Writer');
    const invited = await call('mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InviteMemberPayload { token } ... on Error { code message } } }', {
      input: { businessId, email: writer.email, role: 'EDITOR' },
    });
    await call('mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename } }', { input: { token: invited.data.inviteMember.token } }, writer.token);
    const contentId = (await createContent(server.client, owner, campaignId)).id;
    for (const [token, caption] of [[owner.token, 'by the owner'], [writer.token, 'by the editor'], [owner.token, 'by the owner again']] as const) {
      expectType((await server.client.data(EditForAudit, { input: { id: contentId, caption } }, { token })).updateContent, 'Content');
    }
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    await untilNoStatements();
    // A session whose cached entry expired (after 5 s) is read again (from User): not what this
    // counts, so it is cached right before the measured request, not before the wait above.
    await server.client.raw('{ me { id } }', {}, { token: owner.token });
    const { data, statements } = await dataWithStatements(
      server.client,
      `query($businessId: ID!) { auditLog(businessId: $businessId, first: 100) { totalCount edges { node { actorKind actor { id email } } } } }`,
      { businessId },
      { token: owner.token },
    );
    const actors = new Set(data.auditLog.edges.map((edge: any) => edge.node.actor?.id).filter(Boolean));
    expect([...actors]).toEqual(expect.arrayContaining([owner.id, writer.id]));
    expect(data.auditLog.edges.length).toBeGreaterThan(5);
    const userReads = statements.filter((sql) => /FROM\s+[`"]?\w*[`"]?\.?[`"]User[`"]/.test(sql));
    expect(userReads).toHaveLength(1);
    // The business is checked once for the page and its totalCount.
    expect(statements.filter((sql) => /FROM\s+[`"]?\w*[`"]?\.?[`"]Business[`"]/.test(sql))).toHaveLength(1);
  });
});

describe.skipIf(databaseMissing || testProvider !== 'postgresql')('audit trail under concurrent writes (postgresql)', () => {
  const lockWaits = async () =>
    (await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0]!.n;

  it("a guarded many-row write's event holds only its own change when another write to the row commits while it waits", async () => {
    const server = await startTestServer();
    try {
      const owner = await signUpUser(server.client, 'Concurrent');
      const businessId = (await createBusiness(server.client, owner)).id;
      const content = await createContent(server.client, owner, (await createCampaign(server.client, owner, businessId)).id);
      const id = localIdOf(content.id);

      // Another writer changes the caption and holds the row, not yet committed.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const other = prisma.$transaction(
        async (tx) => {
          await tx.content.update({ where: { id }, data: { caption: 'Changed by another writer' } });
          holding();
          await released;
        },
        { timeout: 20_000 },
      );
      await held;
      // The status move (an updateMany guarded by the status read) reaches the row and waits for it.
      const moving = server.client.request(TransitionContent, { id: content.id, to: 'REVIEW' }, { token: owner.token });
      for (let i = 0; (await lockWaits()) === 0; i++) {
        if (i > 400) throw new Error('the status move never waited for the row');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await other;
      expect((await moving).data?.transitionContent).toMatchObject({ __typename: 'Content', status: 'REVIEW' });

      const events = (await server.client.data(AuditLog, { businessId, filter: { entityId: content.id, action: 'UPDATE' }, first: 10 }, { token: owner.token })).auditLog.edges.map(
        (edge) => edge.node as Event,
      );
      const fieldsOf = (event: Event | undefined) => event?.changes.map((change) => change.field).sort();
      // Each write's event has its own change: the caption is the other writer's, not the move's.
      expect(fieldsOf(events.find((event) => event.changes.some((change) => change.field === 'status')))).not.toContain('caption');
      expect(events.filter((event) => event.changes.some((change) => change.field === 'caption'))).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
