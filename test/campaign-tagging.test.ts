import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.ts';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, signUpUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { UpdateCampaign } from './support/operations.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { connectWs } from './support/subscriptions.ts';

const CreateTaggedCampaign = graphql(`
  mutation CreateTaggedCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on Campaign { id } ... on Error { code message } }
  }
`);

const CampaignTagging = graphql(`
  query CampaignTagging($id: ID!) {
    campaign(id: $id) { id taggedAt categoryConfidence tags primaryCategory { name parent { name } } }
  }
`);

const OnCampaignTagged = graphql(`
  subscription OnCampaignTagged($campaignId: ID) {
    campaignTagged(campaignId: $campaignId) { eventId tags campaign { id primaryCategory { name } } }
  }
`);

describe.skipIf(databaseMissing)(`campaign categorisation and tags, offline (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTO_TAGGING: 'true' });
  });
  afterAll(() => server?.stop());

  const topLevel = (category: { name: string; parent?: { name: string } | null } | null | undefined) => category?.parent?.name ?? category?.name;

  it('categorises and tags a campaign when it is created and again when its goal changes, not on other edits', async () => {
    const user = await signUpUser(server.client, 'Campaigner');
    const business = await createBusiness(server.client, user, 'Kiln & Co');
    const as = { token: user.token };
    const { createCampaign } = await server.client.data(
      CreateTaggedCampaign,
      {
        input: {
          businessId: business.id,
          name: 'Weekend crew',
          goal: "We're hiring two part-time pottery assistants for weekend shifts: apply with your CV, training provided.",
          campaignType: 'JOB_RECRUITMENT',
          durationDays: 14,
          targetPlatforms: ['INSTAGRAM'],
        },
      },
      as,
    );
    if (createCampaign.__typename !== 'Campaign') throw new Error(`createCampaign failed: ${JSON.stringify(createCampaign)}`);
    const id = createCampaign.id;
    expect(await jobsIdle(server.app.jobs)).toBe(true);

    const created = (await server.client.data(CampaignTagging, { id }, as)).campaign;
    expect(created?.taggedAt).toBeTruthy();
    expect(topLevel(created?.primaryCategory)).toBe('Recruitment & Hiring');
    expect(created?.tags).toContain('pottery_assistants');

    const ws = connectWs(server.url, user.token);
    try {
      const sub = ws.subscribe(OnCampaignTagged, { campaignId: id });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.client.data(UpdateCampaign, { input: { id, name: 'Renamed only' } }, as);
      expect(await jobsIdle(server.app.jobs)).toBe(true);
      expect((await server.client.data(CampaignTagging, { id }, as)).campaign?.taggedAt).toBe(created?.taggedAt);

      await server.client.data(UpdateCampaign, { input: { id, goal: 'Fill every seat at our wheel throwing workshop this Saturday: book tickets, spaces are limited.' } }, as);
      const { campaignTagged } = await sub.next(15_000);
      expect(campaignTagged.campaign.id).toBe(id);
      expect(topLevel(campaignTagged.campaign.primaryCategory)).toBe('Events');
      expect(campaignTagged.tags).not.toContain('pottery_assistants');
    } finally {
      await ws.dispose();
    }
  });
});
