import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { connectOfflineAccount, createBusiness, expectType, signUpUser, type TestUser } from './support/fixtures.ts';
import * as operations from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** Everything the bad requests below could write to, read back with the owner's token. */
const ValidationSnapshot = graphql(`
  query ValidationSnapshot($businessId: ID!, $campaignId: ID!, $contentId: ID!, $publishingId: ID!) {
    businesses(first: 1) { totalCount }
    business(id: $businessId) {
      id name industry description brandVoice updatedAt
      targetAudience { ageRange genderFocus location interests }
      contentPreferences { platforms tone postFrequencyPerWeek }
      campaigns(first: 1) { totalCount }
      messages(first: 1) { totalCount }
    }
    campaign(id: $campaignId) {
      id name goal status durationDays optimalTimes targetPlatforms estimatedCost actualCost postingFrequency updatedAt
      contentCalendar { day platform contentType theme }
      contents(first: 1) { totalCount }
    }
    content(id: $contentId) {
      id caption title script day platform hashtags mentions scheduledAt status updatedAt
      media { imageUrl videoUrl thumbnailUrl }
      analytics(first: 1) { totalCount }
    }
    publishing: content(id: $publishingId) { id status postUrl publishedAt errorMessage scheduledAt updatedAt }
  }
`);

const ValidationCampaignDetails = graphql(`
  query ValidationCampaignDetails($id: ID!) {
    campaign(id: $id) {
      id name durationDays optimalTimes targetPlatforms
      contentCalendar { day platform contentType theme }
    }
  }
`);

const ValidationContentDetails = graphql(`
  query ValidationContentDetails($id: ID!) {
    content(id: $id) { id status scheduledAt caption hashtags mentions media { imageUrl } }
  }
`);

/** operations.TransitionContent with the field errors selected. */
const ValidationTransitionContent = graphql(`
  mutation ValidationTransitionContent($id: ID!, $to: ContentStatus!, $scheduledAt: DateTime, $postUrl: String, $errorMessage: String) {
    transitionContent(id: $id, to: $to, scheduledAt: $scheduledAt, postUrl: $postUrl, errorMessage: $errorMessage) {
      __typename
      ... on Content { id status postUrl errorMessage }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const huge = 'x'.repeat(100_000);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

interface Outcome {
  __typename: string;
  code?: string;
  fieldErrors?: { path: string[]; message: string }[];
}

describe.skipIf(databaseMissing)(`input validation (${testProvider})`, () => {
  let server: TestServer;
  let user: TestUser;
  let businessId: string;
  let campaignId: string;
  let contentId: string;
  let publishingId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const client = server.client;
    user = await signUpUser(client, 'Validator');
    businessId = (await createBusiness(client, user)).id;
    campaignId = await newCampaign({ name: 'Autumn', goal: 'Sell pumpkin bread' });
    // An Instagram caption longer than Twitter allows, to try moving it to Twitter.
    contentId = await newContent({ caption: 'c'.repeat(300), hashtags: ['bakery'], mentions: ['alice'] });
    await connectOfflineAccount(client, user, businessId);
    publishingId = await newContent({ media: { imageUrl: 'https://cdn.example.com/bread.jpg' } });
    for (const [to, scheduledAt] of [['REVIEW'], ['APPROVED'], ['SCHEDULED', inDays(3)], ['PUBLISHING']] as const) {
      const { transitionContent } = await client.data(operations.TransitionContent, { id: publishingId, to, scheduledAt }, { token: user.token });
      expect(transitionContent).toMatchObject({ __typename: 'Content', status: to });
    }
  });
  afterAll(() => server?.stop());

  async function newContent(extra: { caption?: string; hashtags?: string[]; mentions?: string[]; media?: { imageUrl: string } }, campaign = campaignId) {
    const { createContent } = await server.client.data(
      operations.CreateContent,
      { input: { campaignId: campaign, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Fresh bread', ...extra } },
      { token: user.token },
    );
    return expectType(createContent, 'Content').id;
  }

  async function newCampaign({ name, goal } = { name: 'Winter', goal: 'Sell stollen' }) {
    const { createCampaign } = await server.client.data(
      operations.CreateCampaign,
      {
        input: {
          businessId,
          name,
          goal,
          campaignType: 'SALES_PROMOTION',
          durationDays: 14,
          targetPlatforms: ['INSTAGRAM', 'TWITTER'],
          optimalTimes: ['09:00', '18:30'],
          contentCalendar: [{ day: 10, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Mid-campaign push' }],
        },
      },
      { token: user.token },
    );
    return expectType(createCampaign, 'Campaign').id;
  }

  const snapshot = () =>
    server.client.data(ValidationSnapshot, { businessId, campaignId, contentId, publishingId }, { token: user.token });

  /** Runs a mutation and checks the database reads exactly the same afterwards. */
  async function expectNothingWritten(send: () => Promise<Outcome>): Promise<Outcome> {
    const before = await snapshot();
    const outcome = await send();
    expect(await snapshot()).toEqual(before);
    return outcome;
  }

  const as = (token?: string) => (token === undefined ? { token: user.token } : token ? { token } : {});

  // Each sender returns the mutation's result union; `token` '' sends the request without one.
  const send = {
    createBusiness: async (input: Record<string, unknown>, token?: string) =>
      (await server.client.data(operations.CreateBusiness, { input: { name: 'Valid Name', industry: 'FOOD', ...input } as never }, as(token)))
        .createBusiness as Outcome,
    updateBusiness: async (input: Record<string, unknown>, token?: string) =>
      (await server.client.data(operations.UpdateBusiness, { input: { id: businessId, ...input } as never }, as(token))).updateBusiness as Outcome,
    deleteBusiness: async (id: string, token?: string) =>
      (await server.client.data(operations.DeleteBusiness, { input: { id } }, as(token))).deleteBusiness as Outcome,
    createCampaign: async (input: Record<string, unknown>, token?: string) =>
      (
        await server.client.data(
          operations.CreateCampaign,
          { input: { businessId, name: 'Valid', goal: 'Valid goal', campaignType: 'OTHER', durationDays: 14, ...input } as never },
          as(token),
        )
      ).createCampaign as Outcome,
    updateCampaign: async (input: Record<string, unknown>, token?: string) =>
      (await server.client.data(operations.UpdateCampaign, { input: { id: campaignId, ...input } as never }, as(token))).updateCampaign as Outcome,
    transitionCampaign: async (id: string, token?: string) =>
      (await server.client.data(operations.TransitionCampaign, { id, to: 'ACTIVE' }, as(token))).transitionCampaign as Outcome,
    createContent: async (input: Record<string, unknown>, token?: string) =>
      (
        await server.client.data(
          operations.CreateContent,
          { input: { campaignId, day: 1, platform: 'INSTAGRAM', contentType: 'POST', caption: 'Valid caption', ...input } as never },
          as(token),
        )
      ).createContent as Outcome,
    updateContent: async (input: Record<string, unknown>, token?: string) =>
      (await server.client.data(operations.UpdateContent, { input: { id: contentId, ...input } as never }, as(token))).updateContent as Outcome,
    transitionContent: async (args: Record<string, unknown>, token?: string) =>
      (await server.client.data(ValidationTransitionContent, { id: publishingId, to: 'PUBLISHED', ...args } as never, as(token)))
        .transitionContent as Outcome,
    recordEngagement: async (input: Record<string, unknown>, token?: string) =>
      (
        await server.client.data(
          operations.RecordEngagement,
          { input: { contentId, collectedAt: new Date().toISOString(), metrics: { impressions: 100, likes: 5 }, ...input } as never },
          as(token),
        )
      ).recordEngagement as Outcome,
    receiveMessage: async (input: Record<string, unknown>, token?: string) =>
      (
        await server.client.data(
          operations.ReceiveMessage,
          { input: { businessId, platform: 'INSTAGRAM', incomingMessage: 'Are you open on Sunday?', ...input } as never },
          as(token),
        )
      ).receiveMessage as Outcome,
  };

  const validationCases: [label: string, run: () => Promise<Outcome>, path: string[]][] = [
    // createBusiness
    ['createBusiness: empty name', () => send.createBusiness({ name: '' }), ['input', 'name']],
    ['createBusiness: whitespace-only name', () => send.createBusiness({ name: ' \t\n ' }), ['input', 'name']],
    ['createBusiness: 100k-char name', () => send.createBusiness({ name: huge }), ['input', 'name']],
    ['createBusiness: 100k-char description', () => send.createBusiness({ description: huge }), ['input', 'description']],
    ['createBusiness: 100k-char brandVoice', () => send.createBusiness({ brandVoice: huge }), ['input', 'brandVoice']],
    [
      'createBusiness: blank audience interest',
      () => send.createBusiness({ targetAudience: { interests: ['bread', '   '] } }),
      ['input', 'targetAudience', 'interests', '1'],
    ],
    [
      'createBusiness: negative posts per week',
      () => send.createBusiness({ contentPreferences: { postFrequencyPerWeek: -1 } }),
      ['input', 'contentPreferences', 'postFrequencyPerWeek'],
    ],
    // updateBusiness
    ['updateBusiness: empty name', () => send.updateBusiness({ name: '' }), ['input', 'name']],
    ['updateBusiness: whitespace-only name', () => send.updateBusiness({ name: '   ' }), ['input', 'name']],
    ['updateBusiness: 100k-char name', () => send.updateBusiness({ name: huge }), ['input', 'name']],
    ['updateBusiness: 100k-char description', () => send.updateBusiness({ description: huge }), ['input', 'description']],
    // createCampaign
    ['createCampaign: empty name', () => send.createCampaign({ name: '' }), ['input', 'name']],
    ['createCampaign: whitespace-only name', () => send.createCampaign({ name: '    ' }), ['input', 'name']],
    ['createCampaign: whitespace-only goal', () => send.createCampaign({ goal: '  ' }), ['input', 'goal']],
    ['createCampaign: 100k-char name', () => send.createCampaign({ name: huge }), ['input', 'name']],
    ['createCampaign: 100k-char goal', () => send.createCampaign({ goal: huge }), ['input', 'goal']],
    ['createCampaign: 100k-char strategySummary', () => send.createCampaign({ strategySummary: huge }), ['input', 'strategySummary']],
    ['createCampaign: zero durationDays', () => send.createCampaign({ durationDays: 0 }), ['input', 'durationDays']],
    ['createCampaign: negative durationDays', () => send.createCampaign({ durationDays: -7 }), ['input', 'durationDays']],
    ['createCampaign: durationDays 366', () => send.createCampaign({ durationDays: 366 }), ['input', 'durationDays']],
    [
      'createCampaign: calendar day beyond durationDays',
      () => send.createCampaign({ durationDays: 7, contentCalendar: [{ day: 8, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Late' }] }),
      ['input', 'contentCalendar', '0', 'day'],
    ],
    [
      'createCampaign: calendar day 0',
      () => send.createCampaign({ contentCalendar: [{ day: 0, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Early' }] }),
      ['input', 'contentCalendar', '0', 'day'],
    ],
    [
      'createCampaign: blank calendar theme',
      () => send.createCampaign({ contentCalendar: [{ day: 1, platform: 'INSTAGRAM', contentType: 'POST', theme: ' ' }] }),
      ['input', 'contentCalendar', '0', 'theme'],
    ],
    ['createCampaign: optimalTime 25:00', () => send.createCampaign({ optimalTimes: ['09:00', '25:00'] }), ['input', 'optimalTimes', '1']],
    ['createCampaign: optimalTime 12:60', () => send.createCampaign({ optimalTimes: ['12:60'] }), ['input', 'optimalTimes', '0']],
    ['createCampaign: optimalTime "noon"', () => send.createCampaign({ optimalTimes: ['noon'] }), ['input', 'optimalTimes', '0']],
    ['createCampaign: negative estimatedCost', () => send.createCampaign({ estimatedCost: -1 }), ['input', 'estimatedCost']],
    ['createCampaign: negative postingFrequency', () => send.createCampaign({ postingFrequency: -1 }), ['input', 'postingFrequency']],
    // updateCampaign
    ['updateCampaign: whitespace-only name', () => send.updateCampaign({ name: '  ' }), ['input', 'name']],
    ['updateCampaign: 100k-char name', () => send.updateCampaign({ name: huge }), ['input', 'name']],
    ['updateCampaign: zero durationDays', () => send.updateCampaign({ durationDays: 0 }), ['input', 'durationDays']],
    ['updateCampaign: negative durationDays', () => send.updateCampaign({ durationDays: -1 }), ['input', 'durationDays']],
    ['updateCampaign: durationDays 366', () => send.updateCampaign({ durationDays: 366 }), ['input', 'durationDays']],
    [
      'updateCampaign: calendar day beyond the stored durationDays',
      () => send.updateCampaign({ contentCalendar: [{ day: 15, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Late' }] }),
      ['input', 'contentCalendar', '0', 'day'],
    ],
    ['updateCampaign: optimalTime 25:00', () => send.updateCampaign({ optimalTimes: ['25:00'] }), ['input', 'optimalTimes', '0']],
    // createContent
    ['createContent: empty caption', () => send.createContent({ caption: '' }), ['input', 'caption']],
    ['createContent: whitespace-only caption', () => send.createContent({ caption: '  \n ' }), ['input', 'caption']],
    ['createContent: 100k-char caption', () => send.createContent({ caption: huge }), ['input', 'caption']],
    ['createContent: 100k-char title', () => send.createContent({ title: huge }), ['input', 'title']],
    ['createContent: 100k-char script', () => send.createContent({ script: huge }), ['input', 'script']],
    ['createContent: Twitter caption of 281', () => send.createContent({ platform: 'TWITTER', caption: 't'.repeat(281) }), ['input', 'caption']],
    ['createContent: SMS caption of 161', () => send.createContent({ platform: 'SMS', contentType: 'SMS', caption: 's'.repeat(161) }), ['input', 'caption']],
    ['createContent: day 0', () => send.createContent({ day: 0 }), ['input', 'day']],
    ['createContent: negative day', () => send.createContent({ day: -3 }), ['input', 'day']],
    ['createContent: day beyond durationDays', () => send.createContent({ day: 15 }), ['input', 'day']],
    ['createContent: hashtag with spaces', () => send.createContent({ hashtags: ['ok', '#no spaces'] }), ['input', 'hashtags', '1']],
    ['createContent: bare # hashtag', () => send.createContent({ hashtags: ['#'] }), ['input', 'hashtags', '0']],
    ['createContent: 31 hashtags', () => send.createContent({ hashtags: Array.from({ length: 31 }, (_, i) => `tag${i}`) }), ['input', 'hashtags']],
    ['createContent: mention with spaces', () => send.createContent({ mentions: ['@bad handle'] }), ['input', 'mentions', '0']],
    [
      'createContent: javascript: image URL',
      () => send.createContent({ media: { imageUrl: 'javascript:alert(1)' } }),
      ['input', 'media', 'imageUrl'],
    ],
    ['createContent: ftp video URL', () => send.createContent({ media: { videoUrl: 'ftp://example.com/v.mp4' } }), ['input', 'media', 'videoUrl']],
    ['createContent: non-URL thumbnail', () => send.createContent({ media: { thumbnailUrl: 'not a url' } }), ['input', 'media', 'thumbnailUrl']],
    // updateContent
    ['updateContent: empty caption', () => send.updateContent({ caption: '' }), ['input', 'caption']],
    ['updateContent: whitespace-only caption', () => send.updateContent({ caption: '   ' }), ['input', 'caption']],
    ['updateContent: 100k-char caption', () => send.updateContent({ caption: huge }), ['input', 'caption']],
    ['updateContent: moving a 300-char caption to Twitter', () => send.updateContent({ platform: 'TWITTER' }), ['input', 'caption']],
    ['updateContent: SMS caption of 161', () => send.updateContent({ platform: 'SMS', caption: 's'.repeat(161) }), ['input', 'caption']],
    ['updateContent: day beyond durationDays', () => send.updateContent({ day: 15 }), ['input', 'day']],
    ['updateContent: day 0', () => send.updateContent({ day: 0 }), ['input', 'day']],
    ['updateContent: hashtag with spaces', () => send.updateContent({ hashtags: ['#no spaces'] }), ['input', 'hashtags', '0']],
    ['updateContent: javascript: image URL', () => send.updateContent({ media: { imageUrl: 'javascript:alert(1)' } }), ['input', 'media', 'imageUrl']],
    // recordEngagement
    ['recordEngagement: negative likes', () => send.recordEngagement({ metrics: { likes: -1 } }), ['input', 'metrics', 'likes']],
    ['recordEngagement: negative impressions', () => send.recordEngagement({ metrics: { impressions: -100 } }), ['input', 'metrics', 'impressions']],
    ['recordEngagement: negative engagementRate', () => send.recordEngagement({ metrics: { engagementRate: -0.5 } }), ['input', 'metrics', 'engagementRate']],
    ['recordEngagement: collectedAt tomorrow', () => send.recordEngagement({ collectedAt: inDays(1) }), ['input', 'collectedAt']],
    [
      'recordEngagement: predicted score 101',
      () => send.recordEngagement({ predictedPerformance: { score: 101, confidence: 0.5 } }),
      ['input', 'predictedPerformance', 'score'],
    ],
    [
      'recordEngagement: predicted confidence 1.5',
      () => send.recordEngagement({ predictedPerformance: { score: 50, confidence: 1.5 } }),
      ['input', 'predictedPerformance', 'confidence'],
    ],
    [
      'recordEngagement: negative conversions',
      () => send.recordEngagement({ attribution: { directConversions: -1 } }),
      ['input', 'attribution', 'directConversions'],
    ],
    ['recordEngagement: 100k-char audienceInsights', () => send.recordEngagement({ audienceInsights: { notes: huge } }), ['input', 'audienceInsights']],
    // receiveMessage
    ['receiveMessage: empty message', () => send.receiveMessage({ incomingMessage: '' }), ['input', 'incomingMessage']],
    ['receiveMessage: whitespace-only message', () => send.receiveMessage({ incomingMessage: '\t \n' }), ['input', 'incomingMessage']],
    ['receiveMessage: 100k-char message', () => send.receiveMessage({ incomingMessage: huge }), ['input', 'incomingMessage']],
    ['receiveMessage: 100k-char senderHandle', () => send.receiveMessage({ senderHandle: huge }), ['input', 'senderHandle']],
    // transitionContent
    ['transitionContent: javascript: postUrl', () => send.transitionContent({ postUrl: 'javascript:alert(1)' }), ['postUrl']],
    ['transitionContent: non-URL postUrl', () => send.transitionContent({ postUrl: 'my post' }), ['postUrl']],
    ['transitionContent: 100k-char postUrl', () => send.transitionContent({ postUrl: `https://example.com/${huge}` }), ['postUrl']],
    ['transitionContent: 100k-char errorMessage', () => send.transitionContent({ to: 'FAILED', errorMessage: huge }), ['errorMessage']],
  ];

  it.each(validationCases)('%s → ValidationError at the field, nothing written', async (_label, run, path) => {
    const outcome = await expectNothingWritten(run);
    expect(outcome).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(outcome.fieldErrors?.map((e) => e.path)).toContainEqual(path);
    for (const fieldError of outcome.fieldErrors ?? []) expect(fieldError.message).toBeTruthy();
  });

  it('reports every bad field of one input at once', async () => {
    const outcome = await expectNothingWritten(() => send.createCampaign({ name: ' ', durationDays: 0, optimalTimes: ['25:00'] }));
    expect(outcome).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(outcome.fieldErrors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([['input', 'name'], ['input', 'durationDays'], ['input', 'optimalTimes', '0']]),
    );
  });

  it('refuses to shrink durationDays below a calendar entry, keeping the campaign as it was', async () => {
    const id = await newCampaign();
    const read = async () => (await server.client.data(ValidationCampaignDetails, { id }, { token: user.token })).campaign;
    const before = await read();
    const { updateCampaign } = await server.client.data(operations.UpdateCampaign, { input: { id, durationDays: 5 } }, { token: user.token });
    expect(updateCampaign).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    if (updateCampaign.__typename === 'ValidationError') {
      expect(updateCampaign.fieldErrors.map((e) => e.path)).toContainEqual(['input', 'contentCalendar', '0', 'day']);
    }
    expect(await read()).toEqual(before);
  });

  it('refuses past scheduling in transitionContent as INVALID_TRANSITION, changing nothing', async () => {
    const id = await newContent({});
    for (const to of ['REVIEW', 'APPROVED'] as const) {
      expectType((await server.client.data(operations.TransitionContent, { id, to }, { token: user.token })).transitionContent, 'Content');
    }
    const { transitionContent } = await server.client.data(
      operations.TransitionContent,
      { id, to: 'SCHEDULED', scheduledAt: inDays(-1) },
      { token: user.token },
    );
    expect(transitionContent).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
    const { content } = await server.client.data(ValidationContentDetails, { id }, { token: user.token });
    expect(content).toMatchObject({ status: 'APPROVED', scheduledAt: null });
  });

  describe('GraphQL-level input errors', () => {
    const expectBadUserInput = (result: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }) => {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    };

    it.each([
      ['campaignType', { campaignType: 'WORLD_DOMINATION' }],
      ['a target platform', { targetPlatforms: ['INSTAGRAM', 'MYSPACE'] }],
      ['durationDays as a string', { durationDays: 'fourteen' }],
      ['a lower-case enum', { campaignType: 'other' }],
      ['an unknown input field', { budgetMillions: 3 }],
    ])('rejects %s in variables with BAD_USER_INPUT, writing nothing', async (_label, override) => {
      const before = await snapshot();
      const result = await server.client.request(
        operations.CreateCampaign,
        { input: { businessId, name: 'Enum', goal: 'Goal', campaignType: 'OTHER', durationDays: 14, ...override } as never },
        { token: user.token },
      );
      expectBadUserInput(result);
      expect(await snapshot()).toEqual(before);
    });

    it('rejects a wrong content status enum in variables with BAD_USER_INPUT', async () => {
      const before = await snapshot();
      expectBadUserInput(await server.client.request(operations.TransitionContent, { id: publishingId, to: 'LIVE' as never }, { token: user.token }));
      expect(await snapshot()).toEqual(before);
    });

    it('rejects a malformed DateTime in variables with BAD_USER_INPUT', async () => {
      const before = await snapshot();
      const scheduled = await server.client.request(
        operations.UpdateContent,
        { input: { id: contentId, scheduledAt: 'next tuesday' } },
        { token: user.token },
      );
      expectBadUserInput(scheduled);
      const collected = await server.client.request(
        operations.RecordEngagement,
        { input: { contentId, collectedAt: '2024-13-45T99:00:00Z', metrics: {} } },
        { token: user.token },
      );
      expectBadUserInput(collected);
      const transitioned = await server.client.request(
        operations.TransitionContent,
        { id: publishingId, to: 'SCHEDULED', scheduledAt: 'tomorrow' },
        { token: user.token },
      );
      expectBadUserInput(transitioned);
      expect(await snapshot()).toEqual(before);
    });

    it('rejects an unknown field in the query with GRAPHQL_VALIDATION_FAILED, writing nothing', async () => {
      const before = await snapshot();
      const unknownSelection = await server.client.raw(
        `mutation ($input: CreateBusinessInput!) { createBusiness(input: $input) { __typename ... on Business { id secretField } } }`,
        { input: { name: 'Sneaky', industry: 'FOOD' } },
        { token: user.token },
      );
      expect(unknownSelection.data ?? null).toBeNull();
      expect(unknownSelection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const unknownInlineField = await server.client.raw(
        `mutation { createBusiness(input: { name: "Sneaky", industry: FOOD, secretField: 1 }) { __typename } }`,
        {},
        { token: user.token },
      );
      expect(unknownInlineField.data ?? null).toBeNull();
      expect(unknownInlineField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('valid edge cases', () => {
    it('accepts durationDays 1 and 365 with a calendar entry on day 365', async () => {
      const one = await send.createCampaign({ durationDays: 1 });
      expect(one).toMatchObject({ __typename: 'Campaign', durationDays: 1 });
      const year = await send.createCampaign({
        durationDays: 365,
        contentCalendar: [{ day: 365, platform: 'LINKEDIN', contentType: 'POST', theme: 'Year in review' }],
        optimalTimes: ['00:00', '23:59'],
      });
      expect(year).toMatchObject({
        __typename: 'Campaign',
        durationDays: 365,
        optimalTimes: ['00:00', '23:59'],
        contentCalendar: [{ day: 365, platform: 'LINKEDIN', contentType: 'POST', theme: 'Year in review' }],
      });
    });

    it('trims names', async () => {
      const business = await send.createBusiness({ name: '  Trimmed Bakery  ' });
      expect(business).toMatchObject({ __typename: 'Business', name: 'Trimmed Bakery' });
    });

    it('stores hashtags without # and de-duplicated, mentions without @', async () => {
      const created = await send.createContent({
        hashtags: ['#bakery', 'bakery', '##fresh', 'fresh', ' #sourdough ', 'Brot_2024'],
        mentions: ['@alice', 'alice', '@bob.smith', 'carol-x'],
      });
      expect(created).toMatchObject({
        __typename: 'Content',
        hashtags: ['bakery', 'fresh', 'sourdough', 'Brot_2024'],
        mentions: ['alice', 'bob.smith', 'carol-x'],
      });
    });

    it('accepts captions exactly at the Twitter and SMS limits', async () => {
      expect(await send.createContent({ platform: 'TWITTER', caption: 't'.repeat(280) })).toMatchObject({ __typename: 'Content' });
      expect(await send.createContent({ platform: 'SMS', contentType: 'SMS', caption: 's'.repeat(160) })).toMatchObject({
        __typename: 'Content',
      });
    });

    it('accepts an https media URL, zero metrics and the score and confidence bounds', async () => {
      expect(await send.createContent({ media: { imageUrl: 'https://cdn.example.com/a.jpg' } })).toMatchObject({
        __typename: 'Content',
        media: { imageUrl: 'https://cdn.example.com/a.jpg' },
      });
      expect(
        await send.recordEngagement({ metrics: {}, predictedPerformance: { score: 100, confidence: 1 } }),
      ).toMatchObject({ __typename: 'AnalyticsSnapshot', predictedPerformance: { score: 100, confidence: 1 } });
    });

    it('keeps the hashtags and mentions an update leaves out', async () => {
      const id = await newContent({ hashtags: ['bakery', 'fresh'], mentions: ['alice'] });
      const { updateContent } = await server.client.data(operations.UpdateContent, { input: { id, caption: 'New caption' } }, { token: user.token });
      expect(updateContent).toMatchObject({ __typename: 'Content', caption: 'New caption' });
      const { content } = await server.client.data(ValidationContentDetails, { id }, { token: user.token });
      expect(content).toMatchObject({ caption: 'New caption', hashtags: ['bakery', 'fresh'], mentions: ['alice'] });
    });

    it('keeps the calendar, platforms and optimal times an update leaves out', async () => {
      const id = await newCampaign();
      const { updateCampaign } = await server.client.data(operations.UpdateCampaign, { input: { id, name: 'Renamed' } }, { token: user.token });
      expect(updateCampaign).toMatchObject({ __typename: 'Campaign', name: 'Renamed' });
      const { campaign } = await server.client.data(ValidationCampaignDetails, { id }, { token: user.token });
      expect(campaign).toMatchObject({
        name: 'Renamed',
        durationDays: 14,
        optimalTimes: ['09:00', '18:30'],
        targetPlatforms: ['INSTAGRAM', 'TWITTER'],
        contentCalendar: [{ day: 10, platform: 'INSTAGRAM', contentType: 'POST', theme: 'Mid-campaign push' }],
      });
    });
  });

  describe('without a token', () => {
    const cases: [string, () => Promise<Outcome>][] = [
      ['createBusiness', () => send.createBusiness({}, '')],
      ['updateBusiness', () => send.updateBusiness({ name: 'Hijacked' }, '')],
      ['deleteBusiness', () => send.deleteBusiness(businessId, '')],
      ['createCampaign', () => send.createCampaign({}, '')],
      ['updateCampaign', () => send.updateCampaign({ name: 'Hijacked' }, '')],
      ['transitionCampaign', () => send.transitionCampaign(campaignId, '')],
      ['createContent', () => send.createContent({}, '')],
      ['updateContent', () => send.updateContent({ caption: 'Hijacked' }, '')],
      ['transitionContent', () => send.transitionContent({ postUrl: 'https://example.com/p/1' }, '')],
      ['recordEngagement', () => send.recordEngagement({}, '')],
      ['receiveMessage', () => send.receiveMessage({}, '')],
    ];

    it.each(cases)('%s returns UnauthenticatedError and writes nothing', async (_label, run) => {
      const outcome = await expectNothingWritten(run);
      expect(outcome).toMatchObject({ __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' });
    });
  });

  describe('IDs of the wrong type, garbage and other tenants', () => {
    let otherBusinessId: string;
    beforeAll(async () => {
      const other = await signUpUser(server.client, 'Other');
      otherBusinessId = (await createBusiness(server.client, other, 'Other Bakery')).id;
    });

    const missingBusiness = () => encodeGlobalID('Business', 'does-not-exist');
    const cases: [string, () => Promise<Outcome>][] = [
      ['createCampaign with a Campaign ID as businessId', () => send.createCampaign({ businessId: campaignId })],
      ['createCampaign with a garbage businessId', () => send.createCampaign({ businessId: 'garbage' })],
      ['createCampaign with a missing business', () => send.createCampaign({ businessId: missingBusiness() })],
      ["createCampaign in another tenant's business", () => send.createCampaign({ businessId: otherBusinessId })],
      ['updateBusiness with a Content ID', () => send.updateBusiness({ id: contentId, name: 'X' })],
      ['updateBusiness with a garbage ID', () => send.updateBusiness({ id: 'garbage', name: 'X' })],
      ["updateBusiness of another tenant's business", () => send.updateBusiness({ id: otherBusinessId, name: 'X' })],
      ['deleteBusiness with a Campaign ID', () => send.deleteBusiness(campaignId)],
      ['deleteBusiness with a garbage ID', () => send.deleteBusiness('garbage')],
      ["deleteBusiness of another tenant's business", () => send.deleteBusiness(otherBusinessId)],
      ['updateCampaign with a Business ID', () => send.updateCampaign({ id: businessId, name: 'X' })],
      ['updateCampaign with a garbage ID', () => send.updateCampaign({ id: '', name: 'X' })],
      ['transitionCampaign with a Content ID', () => send.transitionCampaign(contentId)],
      ['transitionCampaign with a garbage ID', () => send.transitionCampaign('garbage')],
      ['createContent with a Business ID as campaignId', () => send.createContent({ campaignId: businessId })],
      ['createContent with a garbage campaignId', () => send.createContent({ campaignId: 'garbage' })],
      ['updateContent with a Campaign ID', () => send.updateContent({ id: campaignId, caption: 'X' })],
      ['updateContent with a garbage ID', () => send.updateContent({ id: '%%%', caption: 'X' })],
      ['transitionContent with a Campaign ID', () => send.transitionContent({ id: campaignId })],
      ['transitionContent with a garbage ID', () => send.transitionContent({ id: 'garbage' })],
      ['recordEngagement with a Campaign ID as contentId', () => send.recordEngagement({ contentId: campaignId })],
      ['recordEngagement with a garbage contentId', () => send.recordEngagement({ contentId: 'garbage' })],
      ['receiveMessage with a User ID as businessId', () => send.receiveMessage({ businessId: user.id })],
      ['receiveMessage with a garbage businessId', () => send.receiveMessage({ businessId: 'garbage' })],
      ["receiveMessage for another tenant's business", () => send.receiveMessage({ businessId: otherBusinessId })],
    ];

    it.each(cases)('%s returns NotFoundError and writes nothing', async (_label, run) => {
      const outcome = await expectNothingWritten(run);
      expect(outcome).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    });
  });
});
