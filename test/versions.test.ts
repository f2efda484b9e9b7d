import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db/client.ts';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import { CategorizeContent, UpdateCampaign, UpdateContent } from './support/operations.ts';
import { localIdOf } from './support/seed-graph.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const VersionFields = graphql(`
  fragment VersionFields on Version { id source actor { id } madeWithApiKey rule { id } changedFields previous createdAt }
`);
const ContentVersions = graphql(`
  query ContentVersions($id: ID!, $first: Int, $after: String) {
    content(id: $id) { id caption versions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ...VersionFields } } } }
  }
`);
const CampaignVersions = graphql(`
  query CampaignVersions($id: ID!) {
    campaign(id: $id) { id name goal versions(first: 20) { totalCount edges { node { ...VersionFields } } } }
  }
`);
const RestoreVersion = graphql(`
  mutation RestoreVersion($id: ID!) {
    restoreVersion(input: { id: $id }) {
      __typename
      ... on RestoredVersion { content { id caption hashtags } campaign { id goal } }
      ... on Error { code message }
    }
  }
`);
const RegenerateForVersions = graphql(`
  mutation RegenerateForVersions($input: RegenerateContentInput!) {
    regenerateContent(input: $input) { __typename ... on Content { id caption } ... on Error { code message } }
  }
`);
const GenerateForVersions = graphql(`
  mutation GenerateForVersions($input: GenerateCampaignInput!) {
    generateCampaign(input: $input) { __typename ... on Campaign { id } ... on Error { code message } }
  }
`);
const KeyForVersions = graphql(`
  mutation KeyForVersions($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key } ... on Error { code message } }
  }
`);
const RuleForVersions = graphql(`
  mutation RuleForVersions($input: CreateAutomationRuleInput!) {
    createAutomationRule(input: $input) { __typename ... on AutomationRule { id } ... on Error { code message } }
  }
`);

describe.skipIf(databaseMissing)(`version history (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let businessId: string;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Editor');
    businessId = (await createBusiness(server.client, owner)).id;
    campaignId = (await createCampaign(server.client, owner, businessId)).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = (token = owner.token) => ({ token });
  const edit = async (id: string, input: Record<string, unknown>, token = owner.token) =>
    expectType((await server.client.data(UpdateContent, { input: { id, ...input } }, as(token))).updateContent, 'Content');
  const versionsOf = async (id: string, token = owner.token) => (await server.client.data(ContentVersions, { id, first: 20 }, as(token))).content!.versions;
  const restore = async (id: string, token = owner.token) => (await server.client.data(RestoreVersion, { id }, as(token))).restoreVersion;

  it('keeps each edit as a version, newest first, and restores one by writing a newer one', async () => {
    const content = await createContent(server.client, owner, campaignId);
    await edit(content.id, { caption: 'Second caption' });
    await edit(content.id, { caption: 'Third caption', hashtags: ['bread', 'bakery'] });
    // Nothing versioned changes: no version.
    await edit(content.id, { caption: 'Third caption' });

    const versions = await versionsOf(content.id);
    expect(versions.totalCount).toBe(2);
    const [newest, oldest] = versions.edges.map((edge) => edge.node);
    expect(newest).toMatchObject({ source: 'USER', actor: { id: owner.id }, madeWithApiKey: false, changedFields: ['caption', 'hashtags'], previous: { caption: 'Second caption' } });
    expect(oldest).toMatchObject({ source: 'USER', changedFields: ['caption'], previous: { caption: content.caption, hashtags: content.hashtags, platform: 'INSTAGRAM', day: 1 } });

    const restored = expectType(await restore(oldest.id), 'RestoredVersion');
    expect(restored.content).toMatchObject({ id: content.id, caption: content.caption, hashtags: content.hashtags });
    const after = await versionsOf(content.id);
    expect(after.totalCount).toBe(3);
    expect(after.edges[0].node).toMatchObject({ source: 'RESTORE', changedFields: ['caption', 'hashtags'], previous: { caption: 'Third caption' } });
    expect(after.edges.slice(1).map((edge) => edge.node.id)).toEqual([newest.id, oldest.id]);

    const page = (await server.client.data(ContentVersions, { id: content.id, first: 2 }, as())).content!.versions;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = (await server.client.data(ContentVersions, { id: content.id, first: 2, after: page.pageInfo.endCursor }, as())).content!.versions;
    expect(rest.edges.map((edge) => edge.node.id)).toEqual([oldest.id]);
  });

  it('keeps what an AI regeneration, a rule and a campaign edit replaced, with who or what did it', async () => {
    const content = await createContent(server.client, owner, campaignId);
    expectType((await server.client.data(RegenerateForVersions, { input: { id: content.id, instructions: 'Shorter' } }, as())).regenerateContent, 'Content');
    expect((await versionsOf(content.id)).edges[0].node).toMatchObject({ source: 'AI', actor: { id: owner.id }, previous: { caption: content.caption } });

    const rule = expectType(
      (await server.client.data(RuleForVersions, { input: { businessId, name: 'Bread tags', ruleType: 'TAGGING', conditions: { keywords: ['sourdough'] }, actions: { addTags: ['loaves'] } } }, as()))
        .createAutomationRule,
      'AutomationRule',
    );
    const ruled = await createContent(server.client, owner, campaignId, 2);
    await edit(ruled.id, { caption: 'Our sourdough is back' });
    expectType((await server.client.data(CategorizeContent, { id: ruled.id }, as())).categorizeContent, 'Content');
    const byRule = (await versionsOf(ruled.id)).edges[0].node;
    expect(byRule).toMatchObject({ source: 'RULE', actor: null, rule: { id: rule.id } });
    expect(byRule.changedFields).toContain('tags');
    expect((byRule.previous as { tags: string[] }).tags).not.toContain('loaves');

    expectType((await server.client.data(UpdateCampaign, { input: { id: campaignId, goal: 'Sell more croissants' } }, as())).updateCampaign, 'Campaign');
    const campaignVersions = (await server.client.data(CampaignVersions, { id: campaignId }, as())).campaign!.versions;
    expect(campaignVersions.edges[0].node).toMatchObject({ source: 'USER', changedFields: ['goal'], previous: { goal: 'Sell the new spring menu' } });
    const restored = expectType(await restore(campaignVersions.edges[0].node.id), 'RestoredVersion');
    expect(restored.campaign).toMatchObject({ id: campaignId, goal: 'Sell the new spring menu' });
  });

  it('keeps every state under concurrent edits: each version (and audit event) holds what the edit before it wrote', async () => {
    const campaign = await createCampaign(server.client, owner, businessId, 'Name 0');
    const names = Array.from({ length: 12 }, (_, i) => `Name ${i + 1}`);
    const results = await Promise.all(names.map((name) => server.client.data(UpdateCampaign, { input: { id: campaign.id, name } }, as())));
    expect(results.every((result) => result.updateCampaign.__typename === 'Campaign')).toBe(true);

    const { campaign: after } = await server.client.data(CampaignVersions, { id: campaign.id }, as());
    const previous = after!.versions.edges.map((edge) => (edge.node.previous as { name: string }).name);
    // Twelve edits in some order: each replaced the name the one before it wrote, so the twelve
    // previous names are the first name and every name but the last written, each once.
    expect(previous).toHaveLength(12);
    expect(new Set(previous)).toEqual(new Set(['Name 0', ...names].filter((name) => name !== after!.name)));
    const befores = (await prisma.auditEvent.findMany({ where: { entityType: 'Campaign', entityId: localIdOf(campaign.id), action: 'UPDATE' } })).map(
      (event) => (event.changes as Record<string, { before: unknown }>).name?.before,
    );
    expect(new Set(befores)).toEqual(new Set(previous));
    expect(befores).toHaveLength(12);
  });

  it('keeps the placeholder a campaign generation replaced as an AI version', async () => {
    const { generateCampaign } = await server.client.data(
      GenerateForVersions,
      { input: { businessId, goal: 'Launch the rye range', campaignType: 'PRODUCT_LAUNCH', durationDays: 7, platforms: ['INSTAGRAM'] } },
      as(),
    );
    const generated = expectType(generateCampaign, 'Campaign');
    await expect
      .poll(async () => (await server.client.data(CampaignVersions, { id: generated.id }, as())).campaign!.versions.edges.map((edge) => edge.node.source), { timeout: 20_000, interval: 100 })
      .toEqual(['AI']);
    const [version] = (await server.client.data(CampaignVersions, { id: generated.id }, as())).campaign!.versions.edges.map((edge) => edge.node);
    expect(version.changedFields).toEqual(expect.arrayContaining(['name', 'strategySummary', 'contentCalendar']));
  });

  it('names the API key a change came through, and refuses restores to those who may not edit', async () => {
    const content = await createContent(server.client, owner, campaignId);
    const { key } = expectType((await server.client.data(KeyForVersions, { input: { businessId, name: 'Agent', scopes: ['READ', 'WRITE'] } }, as())).createApiKey, 'CreateApiKeyPayload');
    await edit(content.id, { caption: 'Written by an agent' }, key);
    const [version] = (await versionsOf(content.id)).edges.map((edge) => edge.node);
    expect(version).toMatchObject({ source: 'USER', actor: { id: owner.id }, madeWithApiKey: true });

    const stranger = await signUpUser(server.client, 'Stranger');
    expect(await restore(version.id, stranger.token)).toMatchObject({ code: 'NOT_FOUND' });
    const viewer = await signUpUser(server.client, 'Viewer');
    await prisma.membership.create({ data: { businessId: localIdOf(businessId), userId: localIdOf(viewer.id), role: 'VIEWER' } });
    expect((await versionsOf(content.id, viewer.token)).totalCount).toBe(1);
    expect(await restore(version.id, viewer.token)).toMatchObject({ code: 'FORBIDDEN' });
    const { key: readOnly } = expectType((await server.client.data(KeyForVersions, { input: { businessId, name: 'Reader', scopes: ['READ'] } }, as())).createApiKey, 'CreateApiKeyPayload');
    expect(await restore(version.id, readOnly)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.data(ContentVersions, { id: content.id, first: 5 }, as(stranger.token))).content).toBeNull();
  });
});
