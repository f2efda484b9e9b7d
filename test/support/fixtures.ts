import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from './client.ts';
import { ConnectSocialAccount, CreateBusiness, CreateCampaign, CreateContent, RecordEngagement, SignUp } from './operations.ts';

// Builders for the entity graph through the public API, failing loudly on any unexpected result.

function expectType<T extends { __typename: string }, N extends T['__typename']>(value: T, typename: N): Extract<T, { __typename: N }> {
  if (value.__typename !== typename) throw new Error(`Expected ${typename}, got ${JSON.stringify(value)}`);
  return value as Extract<T, { __typename: N }>;
}

export interface TestUser {
  token: string;
  id: string;
  email: string;
}

export async function signUpUser(client: GraphQLClient, name = 'Owner'): Promise<TestUser> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const { signUp } = await client.data(SignUp, { input: { email, password: 'correct horse battery', fullName: name } });
  const payload = expectType(signUp, 'AuthPayload');
  return { token: payload.token, id: payload.user.id, email };
}

export async function createBusiness(client: GraphQLClient, user: TestUser, name = 'Sunrise Bakery') {
  const { createBusiness } = await client.data(
    CreateBusiness,
    { input: { name, industry: 'FOOD', description: 'Sourdough and pastries', brandVoice: 'warm' } },
    { token: user.token },
  );
  return expectType(createBusiness, 'Business');
}

export async function createCampaign(client: GraphQLClient, user: TestUser, businessId: string, name = 'Spring launch') {
  const { createCampaign } = await client.data(
    CreateCampaign,
    {
      input: {
        businessId,
        name,
        goal: 'Sell the new spring menu',
        campaignType: 'PRODUCT_LAUNCH',
        durationDays: 14,
        targetPlatforms: ['INSTAGRAM', 'FACEBOOK'],
      },
    },
    { token: user.token },
  );
  return expectType(createCampaign, 'Campaign');
}

export async function createContent(client: GraphQLClient, user: TestUser, campaignId: string, day = 1) {
  const { createContent } = await client.data(
    CreateContent,
    {
      input: {
        campaignId,
        day,
        platform: 'INSTAGRAM',
        contentType: 'POST',
        caption: `Day ${day}: fresh croissants`,
        hashtags: ['#bakery'],
        media: { imageUrl: 'https://cdn.example.com/croissants.jpg' },
      },
    },
    { token: user.token },
  );
  return expectType(createContent, 'Content');
}

/** An OFFLINE publishing account, so content on the platform can be scheduled. */
export async function connectOfflineAccount(client: GraphQLClient, user: TestUser, businessId: string, platform: 'INSTAGRAM' | 'FACEBOOK' | 'TWITTER' = 'INSTAGRAM') {
  const { connectSocialAccount } = await client.data(
    ConnectSocialAccount,
    { input: { businessId, platform, provider: 'OFFLINE', handle: '@sunrise' } },
    { token: user.token },
  );
  return expectType(connectSocialAccount, 'SocialAccount');
}

export async function recordEngagement(client: GraphQLClient, user: TestUser, contentId: string, collectedAt: Date, likes = 10) {
  const { recordEngagement } = await client.data(
    RecordEngagement,
    { input: { contentId, collectedAt: collectedAt.toISOString(), metrics: { impressions: 1000, reach: 800, likes } } },
    { token: user.token },
  );
  return expectType(recordEngagement, 'AnalyticsSnapshot');
}

/** A user with one business, one campaign and one content item. */
export async function seedTenant(client: GraphQLClient, name = 'Owner') {
  const user = await signUpUser(client, name);
  const business = await createBusiness(client, user, `${name}'s Bakery`);
  const campaign = await createCampaign(client, user, business.id);
  const content = await createContent(client, user, campaign.id);
  return { user, business, campaign, content };
}

export { expectType };
