import { randomUUID } from 'node:crypto';
import { prisma } from '../../src/db/client.ts';
import { createBusiness, createCampaign, type TestUser } from './fixtures.ts';
import { contentRow, localIdOf } from './seed-graph.ts';
import type { TestServer } from './server.ts';

export const globalIdOf = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** An API key of the business, made through the API for its token. */
async function createKey(server: TestServer, owner: TestUser, businessId: string, scopes: string[]) {
  const { data } = await server.client.raw<any>(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { key apiKey { id } } } }`,
    { input: { businessId, name: scopes.join('+'), scopes } },
    { token: owner.token },
  );
  if (data?.createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(`createApiKey: ${JSON.stringify(data)}`);
  return { token: data.createApiKey.key as string, id: data.createApiKey.apiKey.id as string };
}

/**
 * One row of every node type below a new business of `owner`, written straight to the database
 * (a READ and a READ+ADMIN key through the API, for their tokens), with the global ID of each by
 * type name.
 */
export async function seedEveryNodeType(server: TestServer, owner: TestUser, name: string) {
  const business = await createBusiness(server.client, owner, name);
  const businessId = localIdOf(business.id);
  const campaign = await createCampaign(server.client, owner, business.id);
  const content = contentRow({ id: localIdOf(campaign.id), businessId }, 0);
  await prisma.content.create({ data: content });
  const snapshot = await prisma.analyticsSnapshot.create({ data: { contentId: content.id, businessId, campaignId: content.campaignId, platform: 'INSTAGRAM', collectedAt: new Date(), likes: 1 } });
  const message = await prisma.message.create({ data: { businessId, platform: 'INSTAGRAM', incomingMessage: 'Open on Sunday?' } });
  const tag = await prisma.tag.create({ data: { businessId, name: `tag-${randomUUID()}`, relatedTags: [] } });
  const rule = await prisma.automationRule.create({ data: { businessId, name: 'Rule', ruleType: 'TAGGING', conditions: { match: 'ALL' }, actions: { addTags: ['new'] } } });
  const account = await prisma.socialAccount.create({ data: { businessId, platform: 'INSTAGRAM', provider: 'OFFLINE', handle: '@shop' } });
  const endpoint = await prisma.webhookEndpoint.create({ data: { businessId, url: 'https://hooks.example.com/x', events: ['content.published'], secret: 'whsec_test' } });
  const delivery = await prisma.webhookDelivery.create({ data: { endpointId: endpoint.id, webhookId: randomUUID(), eventType: 'content.published', payload: '{}', status: 'PENDING' } });
  const aiLog = await prisma.aiLog.create({ data: { businessId, feature: 'CAMPAIGN_GENERATION', provider: 'offline', model: 'm', promptSha256: 'x', status: 'SUCCESS', responseTimeMs: 1 } });
  const invitation = await prisma.invitation.create({
    data: { businessId, email: `${randomUUID()}@example.com`, role: 'EDITOR', tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000), invitedById: localIdOf(owner.id) },
  });
  const membership = await prisma.membership.findFirstOrThrow({ where: { businessId, userId: localIdOf(owner.id) } });
  const readKey = await createKey(server, owner, business.id, ['READ']);
  const adminKey = await createKey(server, owner, business.id, ['READ', 'ADMIN']);
  return {
    business,
    campaign,
    keys: { read: readKey, admin: adminKey },
    ids: {
      Business: business.id,
      Campaign: campaign.id,
      Content: globalIdOf('Content', content.id),
      AnalyticsSnapshot: globalIdOf('AnalyticsSnapshot', snapshot.id),
      Message: globalIdOf('Message', message.id),
      Tag: globalIdOf('Tag', tag.id),
      AutomationRule: globalIdOf('AutomationRule', rule.id),
      SocialAccount: globalIdOf('SocialAccount', account.id),
      WebhookEndpoint: globalIdOf('WebhookEndpoint', endpoint.id),
      WebhookDelivery: globalIdOf('WebhookDelivery', delivery.id),
      AiLog: globalIdOf('AiLog', aiLog.id),
      Invitation: globalIdOf('Invitation', invitation.id),
      Member: globalIdOf('Member', membership.id),
      ApiKey: readKey.id,
    } as Record<string, string>,
  };
}
