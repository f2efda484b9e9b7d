import type { GraphQLClient } from '../client.ts';
import { CreateBusiness, CreateCampaign, CreateContent, ReceiveMessage, RecordEngagement, SignUp } from '../operations.ts';
import { expectType } from '../fixtures.ts';
import type { Random } from './random.ts';

/** The node types a tenant owns one of; their global IDs fill ID arguments. */
export const ownedTypes = ['User', 'Business', 'Campaign', 'Content', 'AnalyticsSnapshot', 'Message', 'AutomationRule'] as const;
export type OwnedType = (typeof ownedTypes)[number];

export interface FuzzTenant {
  label: 'A' | 'B';
  email: string;
  password: string;
  token: string;
  /**
   * A word written into every text field the tenant owns (business name, caption, message…):
   * seeing it in a response to anyone else means that tenant's data leaked.
   */
  marker: string;
  ids: Record<OwnedType, string>;
}

export interface FuzzWorld {
  /** Sends the generated operations (its token is "the owner's"); an admin, so taxonomy writes run too. */
  attacker: FuzzTenant;
  /** Whose real IDs are the foreign ones; nothing it owns may ever reach the attacker. */
  victim: FuzzTenant;
  /** Shared taxonomy rows, readable by everyone. */
  shared: { Category: string[]; Tag: string[] };
}

/** The attacker's email is an admin's, so the server must be started with it in ADMIN_EMAILS. */
export function attackerEmail(random: Random): string {
  return `fuzz-admin-${random.hex(8)}@example.com`;
}

/** Signs up both tenants through the API and gives each a business, campaign, content, snapshot, message and rule. */
export async function seedWorld(client: GraphQLClient, random: Random, adminEmail: string): Promise<FuzzWorld> {
  const attacker = await seedTenant(client, random, 'A', adminEmail);
  const victim = await seedTenant(client, random, 'B', `fuzz-victim-${random.hex(8)}@example.com`);
  const tag = await client.raw<{ createTag: { id?: string } }>(
    'mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } } }',
    { input: { name: `fuzz-tag-${random.hex(6)}`, tagType: 'TOPIC' } },
    { token: attacker.token },
  );
  const categories = await client.raw<{ categories: { id: string; children: { id: string }[] }[] }>('{ categories { id children { id } } }');
  return {
    attacker,
    victim,
    shared: {
      Category: (categories.data?.categories ?? []).flatMap((category) => [category.id, ...category.children.map((child) => child.id)]),
      Tag: tag.data?.createTag.id ? [tag.data.createTag.id] : [],
    },
  };
}

async function seedTenant(client: GraphQLClient, random: Random, label: 'A' | 'B', email: string): Promise<FuzzTenant> {
  const marker = `fzmk${label.toLowerCase()}${random.hex(12)}`;
  const password = `fuzz-pw-${label}-${random.hex(16)}`;
  const { signUp } = await client.data(SignUp, { input: { email, password, fullName: `Owner ${marker}` } });
  const auth = expectType(signUp, 'AuthPayload');
  const options = { token: auth.token };

  const business = expectType(
    (
      await client.data(
        CreateBusiness,
        { input: { name: `Bakery ${marker}`, industry: 'FOOD', description: `Sourdough ${marker}`, brandVoice: `warm ${marker}` } },
        options,
      )
    ).createBusiness,
    'Business',
  );
  const campaign = expectType(
    (
      await client.data(
        CreateCampaign,
        {
          input: {
            businessId: business.id,
            name: `Spring ${marker}`,
            goal: `Sell ${marker}`,
            campaignType: 'PRODUCT_LAUNCH',
            durationDays: 14,
            targetPlatforms: ['INSTAGRAM'],
          },
        },
        options,
      )
    ).createCampaign,
    'Campaign',
  );
  const content = expectType(
    (
      await client.data(
        CreateContent,
        { input: { campaignId: campaign.id, day: 1, platform: 'INSTAGRAM', contentType: 'POST', title: `Title ${marker}`, caption: `Croissants ${marker}` } },
        options,
      )
    ).createContent,
    'Content',
  );
  const snapshot = expectType(
    (
      await client.data(
        RecordEngagement,
        { input: { contentId: content.id, collectedAt: new Date().toISOString(), metrics: { impressions: 100, likes: 7 }, audienceInsights: { note: marker } } },
        options,
      )
    ).recordEngagement,
    'AnalyticsSnapshot',
  );
  const message = expectType(
    (
      await client.data(
        ReceiveMessage,
        { input: { businessId: business.id, platform: 'INSTAGRAM', incomingMessage: `When do you open? ${marker}`, senderHandle: `@${marker}` } },
        options,
      )
    ).receiveMessage,
    'Message',
  );
  const rule = await client.raw<{ createAutomationRule: { id?: string; __typename: string } }>(
    `mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { __typename ... on AutomationRule { id } } }`,
    { input: { businessId: business.id, name: `Rule ${marker}`, ruleType: 'TAGGING', conditions: { keywords: ['bread'] }, actions: { addTags: ['bread'] } } },
    options,
  );
  const ruleId = rule.data?.createAutomationRule.id;
  if (!ruleId) throw new Error(`Could not create the automation rule: ${JSON.stringify(rule)}`);

  return {
    label,
    email,
    password,
    token: auth.token,
    marker,
    ids: {
      User: auth.user.id,
      Business: business.id,
      Campaign: campaign.id,
      Content: content.id,
      AnalyticsSnapshot: snapshot.id,
      Message: message.id,
      AutomationRule: ruleId,
    },
  };
}

/**
 * The victim changes its campaign, content status and analytics, so every subscription that
 * (wrongly) listens to its business has an event to leak.
 */
export async function provokeVictimEvents(client: GraphQLClient, victim: FuzzTenant, round: number): Promise<void> {
  const options = { token: victim.token };
  await client.raw('mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }', { input: { id: victim.ids.Campaign, goal: `Sell ${victim.marker} ${round}` } }, options);
  await client.raw('mutation($id: ID!) { transitionContent(id: $id, to: REVIEW) { __typename } }', { id: victim.ids.Content }, options);
  await client.raw('mutation($id: ID!) { transitionContent(id: $id, to: DRAFT) { __typename } }', { id: victim.ids.Content }, options);
  await client.raw(
    'mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { __typename } }',
    { input: { contentId: victim.ids.Content, collectedAt: new Date().toISOString(), metrics: { likes: round } } },
    options,
  );
}
