import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { LogIn } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A transaction now locks and reads a row once (src/db/held-rows.ts). Probed through the API: under
// concurrent edits of one content item from two clients, each audit event's `before` is what the
// previous event left, and each version's `previous` is the row as the previous change left it.

type Change = { field: string; before: unknown; after: unknown };
type Event = { id: string; createdAt: string; action: string; requestId: string | null; changes: Change[] };
type Version = { id: string; createdAt: string; changedFields: string[]; previous: Record<string, unknown> };

const AUDIT_PAGE = `query ($businessId: ID!, $filter: AuditLogFilter, $after: String) {
  auditLog(businessId: $businessId, filter: $filter, first: 50, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id createdAt action requestId changes { field before after } } }
  }
}`;
const VERSIONS_PAGE = `query ($id: ID!, $after: String) {
  content(id: $id) { id caption hashtags status versions(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id createdAt changedFields previous } }
  } }
}`;
const UPDATE = `mutation ($input: UpdateContentInput!) {
  updateContent(input: $input) { __typename ... on Content { id caption } ... on Error { code message } }
}`;
const TRANSITION = `mutation ($id: ID!, $to: ContentStatus!, $scheduledAt: DateTime) {
  transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt) { __typename ... on Content { id status } ... on Error { code message } }
}`;
const APPROVE = `mutation ($input: ApproveContentInput!) {
  approveContent(input: $input) { __typename ... on Content { id status approvedAt } ... on Error { code message } }
}`;

/** Fields of a content row that an audit event and a version both show. */
const sharedFields = ['title', 'caption', 'hashtags', 'mentions', 'media', 'script', 'platform', 'contentType', 'day', 'primaryCategoryId'];
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

describe.skipIf(databaseMissing)(`held rows under concurrent edits (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let secondToken: string;
  let businessId: string;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer({ AUTO_TAGGING: 'true' });
    owner = await signUpUser(server.client, 'Concurrent');
    businessId = (await createBusiness(server.client, owner)).id;
    campaignId = (await createCampaign(server.client, owner, businessId)).id;
    // The second client: another session of the same owner.
    const login = await server.client.data(LogIn, { input: { email: owner.email, password: 'correct horse battery' } });
    secondToken = expectType(login.logIn, 'AuthPayload').token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = async (query: string, variables: Record<string, unknown>, token = owner.token, headers: Record<string, string> = {}) => {
    const result = await server.client.raw<any>(query, variables, { token, headers });
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };

  /** Oldest first, as the trail orders them (createdAt, then id). */
  async function eventsOf(entityId: string, filter: Record<string, unknown> = {}): Promise<Event[]> {
    const events: Event[] = [];
    let after: string | null = null;
    do {
      const page: any = (await call(AUDIT_PAGE, { businessId, filter: { entityId, ...filter }, after })).auditLog;
      events.push(...page.edges.map((edge: any) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return events.reverse();
  }

  async function versionsOf(id: string): Promise<{ content: any; versions: Version[] }> {
    const versions: Version[] = [];
    let content: any;
    let after: string | null = null;
    do {
      content = (await call(VERSIONS_PAGE, { id, after })).content;
      versions.push(...content.versions.edges.map((edge: any) => edge.node));
      after = content.versions.pageInfo.hasNextPage ? content.versions.pageInfo.endCursor : null;
    } while (after);
    return { content, versions: versions.reverse() };
  }

  /**
   * Walks the trail oldest first: each UPDATE's `before` of a field is what the previous event left
   * of it. Returns the breaks, and the row's state before each event (for the versions' check).
   */
  function walk(events: Event[]) {
    const state: Record<string, unknown> = {};
    const breaks: string[] = [];
    const statesBefore: Record<string, unknown>[] = [];
    for (const event of events) {
      statesBefore.push({ ...state });
      for (const change of event.changes) {
        if (event.action === 'UPDATE' && !same(change.before, state[change.field])) {
          breaks.push(`${event.id} (${event.requestId}) ${change.field}: before ${JSON.stringify(change.before)}, previous after ${JSON.stringify(state[change.field])}`);
        }
        state[change.field] = change.after;
      }
    }
    return { state, breaks, statesBefore };
  }

  it('chains audit events and versions of one content item edited by two clients at once', async () => {
    const content = await createContent(server.client, owner, campaignId);
    const rounds = 12;
    const outcomes: string[] = [];
    const edit = async (token: string, input: Record<string, unknown>) => {
      const result = (await call(UPDATE, { input: { id: content.id, ...input } }, token)).updateContent;
      outcomes.push(result.__typename === 'Content' ? 'edited' : result.code);
    };
    const move = async (token: string, to: string) => {
      const result = (await call(TRANSITION, { id: content.id, to }, token)).transitionContent;
      outcomes.push(result.__typename === 'Content' ? 'moved' : result.code);
    };
    for (let round = 0; round < rounds; round++) {
      await Promise.all([
        edit(owner.token, { caption: `A${round} ${randomUUID()}` }),
        edit(secondToken, { caption: `B${round} ${randomUUID()}`, hashtags: [`#b${round}`] }),
        move(round % 2 ? owner.token : secondToken, round % 2 ? 'DRAFT' : 'REVIEW'),
        round % 3 === 0 ? edit(secondToken, { title: `T${round}` }) : Promise.resolve(),
      ]);
    }
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    // An edit or move that read the row before a concurrent move landed is refused (INVALID_TRANSITION, by design); nothing else fails.
    expect(outcomes.filter((outcome) => outcome !== 'edited' && outcome !== 'moved' && outcome !== 'INVALID_TRANSITION')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome === 'edited').length).toBeGreaterThan(rounds);

    const events = await eventsOf(content.id);
    expect(events[0]!.action).toBe('CREATE');
    const { state, breaks, statesBefore } = walk(events);
    expect(breaks).toEqual([]);
    const { content: now, versions } = await versionsOf(content.id);
    // The trail ends where the row is.
    expect({ caption: state.caption, hashtags: state.hashtags, status: state.status }).toEqual({ caption: now.caption, hashtags: now.hashtags, status: now.status });

    // Each version's `previous`, fields not changed by the one before it, is what that one had
    // (tags and category aside: the tagging pipeline's own choices are written without a version).
    const versionBreaks: string[] = [];
    versions.forEach((version, index) => {
      const earlier = versions[index - 1];
      if (!earlier) return;
      for (const field of Object.keys(version.previous).filter((name) => name !== 'tags' && name !== 'primaryCategoryId')) {
        if (earlier.changedFields.includes(field)) {
          if (same(earlier.previous[field], version.previous[field])) versionBreaks.push(`${version.id} ${field} did not change after ${earlier.id} changed it`);
        } else if (!same(earlier.previous[field], version.previous[field])) {
          versionBreaks.push(`${version.id} ${field}: ${JSON.stringify(version.previous[field])}, ${earlier.id} left ${JSON.stringify(earlier.previous[field])}`);
        }
      }
    });
    expect(versionBreaks).toEqual([]);

    // Each caption change has one version, whose `previous` is the row as the trail had it then.
    const captionEvents = events.map((event, index) => ({ event, before: statesBefore[index]! })).filter(({ event }) => event.action === 'UPDATE' && event.changes.some((change) => change.field === 'caption'));
    const captionVersions = versions.filter((version) => version.changedFields.includes('caption'));
    expect(captionVersions.map((version) => version.previous.caption)).toEqual(captionEvents.map(({ before }) => before.caption));
    captionVersions.forEach((version, index) => {
      const before = captionEvents[index]!.before;
      for (const field of sharedFields) expect(version.previous[field] ?? null, `${version.id} ${field}`).toEqual(before[field] ?? null);
    });
  });

  it('leaves no audit event, and the row as it was, for an edit refused after its first write', async () => {
    const content = await createContent(server.client, owner, campaignId);
    await connectOfflineAccount(server.client, owner, businessId);
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call(TRANSITION, { id: content.id, to: 'REVIEW' })).transitionContent.__typename).toBe('Content');
    expect((await call(APPROVE, { input: { id: content.id } })).approveContent).toMatchObject({ __typename: 'Content', status: 'APPROVED' });
    expect((await call(TRANSITION, { id: content.id, to: 'SCHEDULED', scheduledAt: soon })).transitionContent).toMatchObject({ __typename: 'Content', status: 'SCHEDULED' });
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    const before = await eventsOf(content.id);

    // A new text clears the approval (a write in the edit's transaction), then the past scheduledAt is refused.
    const requestId = `refused-${randomUUID()}`;
    const refused = (await call(UPDATE, { input: { id: content.id, caption: 'New text, bad time', scheduledAt: new Date(Date.now() - 60_000).toISOString() } }, owner.token, { 'x-request-id': requestId })).updateContent;
    expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(await eventsOf(content.id, { requestId })).toEqual([]);
    expect(await eventsOf(content.id)).toEqual(before);

    // The next edit's before is the row as it was: approved, with its old text.
    const next = `next-${randomUUID()}`;
    expect((await call(UPDATE, { input: { id: content.id, caption: 'Second try' } }, owner.token, { 'x-request-id': next })).updateContent.__typename).toBe('Content');
    // Two writes: the approval cleared, then the new text.
    const edits = await eventsOf(content.id, { requestId: next });
    expect(edits.map((event) => event.action)).toEqual(['UPDATE', 'UPDATE']);
    const change = (field: string) => edits.flatMap((event) => event.changes).find((item) => item.field === field);
    expect(change('caption')).toMatchObject({ before: content.caption, after: 'Second try' });
    expect(change('approvedAt')?.before).not.toBeNull();
    expect(change('approvedAt')?.after).toBeNull();
    const { breaks } = walk(await eventsOf(content.id));
    expect(breaks).toEqual([]);
  });
});
