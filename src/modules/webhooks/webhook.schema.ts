import { checkRole, permittedBusinessWhere } from '../../auth/tenancy.ts';
import { prisma } from '../../db/client.ts';
import { WebhookDeliveryStatus } from '../../domain/enums.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { WebhookEndpoint } from '../../generated/prisma-postgresql/client.ts';
import { builder } from '../../graphql/builder.ts';
import { createAndUpdateInputs } from '../../graphql/inputs.ts';
import { localId } from '../../graphql/ids.ts';
import { BusinessNode } from '../business/business.schema.ts';
import { roleAllows } from '../membership/viewer-roles.ts';
import { type WebhookEventType, webhookEventTypes } from './webhook-events.ts';
import {
  createWebhookEndpoint,
  DELIVERY_LOG_DAYS,
  deleteWebhookEndpoint,
  MAX_WEBHOOK_ENDPOINTS,
  PREVIOUS_SECRET_HOURS,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './webhook.service.ts';

const eventDescriptions: Record<WebhookEventType, string> = {
  'content.status_changed': 'Content was created or moved along the pipeline (`content.status_changed`).',
  'content.published': 'Content was PUBLISHED (`content.published`).',
  'content.failed': 'Publishing content FAILED for good (`content.failed`).',
  'analytics.updated': 'An engagement snapshot was recorded for content (`analytics.updated`).',
  'campaign.generated': "A campaign's AI generation COMPLETED (`campaign.generated`).",
  'message.received': 'A customer message was received, with the status its reply reached (`message.received`).',
  'message.escalated': 'A customer message was ESCALATED to a person (`message.escalated`).',
};

export const WebhookEventTypeEnum = builder.enumType('WebhookEventType', {
  description: 'What a webhook endpoint can receive; a delivery body has `type` in its dotted form (`content.published`).',
  values: Object.fromEntries(webhookEventTypes.map((type) => [type.replace('.', '_').toUpperCase(), { value: type, description: eventDescriptions[type] }])) as Record<
    string,
    { value: WebhookEventType; description: string }
  >,
});
const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

// Endpoints and their deliveries are seen only by members who may manage them (ADMIN and OWNER):
// URLs often carry a receiver's own secret.
const managed = (viewer: Parameters<typeof permittedBusinessWhere>[0]) => permittedBusinessWhere(viewer, 'manageWebhooks');

export const WebhookAttemptRef = builder.prismaObject('WebhookAttempt', {
  description: 'One HTTP exchange of a delivery.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1 for the first attempt of the delivery.' }),
    responseStatus: t.exposeInt('responseStatus', { nullable: true, description: 'The HTTP status the endpoint answered; null when no answer came (timeout, connection refused, a private address).' }),
    latencyMs: t.exposeInt('latencyMs', { description: 'From sending to the answer (or the failure).' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the attempt failed; null when the endpoint answered 2xx.' }),
    succeeded: t.boolean({ select: { error: true }, resolve: (attempt) => attempt.error === null }),
    attemptedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookDeliveryNode = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, endpoint: { business: managed(ctx.viewer) } }),
  description: `One event sent to one endpoint, with its attempts. Kept ${DELIVERY_LOG_DAYS} days after it settles.`,
  fields: (t) => ({
    endpoint: t.relation('endpoint'),
    webhookId: t.exposeString('webhookId', { description: 'The `webhook-id` header: the same on every attempt and redelivery of one message, so receivers can de-duplicate.' }),
    eventType: t.field({ type: WebhookEventTypeEnum, select: { eventType: true }, resolve: (delivery) => delivery.eventType as WebhookEventType }),
    payload: t.field({ type: 'JSON', select: { payload: true }, description: 'The body that was sent, parsed.', resolve: (delivery) => JSON.parse(delivery.payload) as unknown }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum }),
    attemptCount: t.exposeInt('attemptCount'),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed, or why the delivery was not sent.' }),
    attempts: t.relation('attempts', { extensions: { maxItems: 20 }, query: { orderBy: { attempt: 'asc' } }, description: 'Oldest first.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When it SUCCEEDED or FAILED for good.' }),
  }),
});

export const WebhookEndpointNode = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, business: managed(ctx.viewer) }),
  description: "Where a business's events are POSTed, signed by the Standard Webhooks scheme. Its secret is write-only: shown once by createWebhookEndpoint and rotateWebhookSecret.",
  fields: (t) => ({
    business: t.relation('business', { type: BusinessNode }),
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    events: t.field({ type: [WebhookEventTypeEnum], select: { events: true }, resolve: (endpoint) => endpoint.events as WebhookEventType[] }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { description: 'Deliveries in a row that failed for good (every attempt); a success resets it. Too many disable the endpoint.' }),
    deliveries: t.relatedConnection('deliveries', {
      type: WebhookDeliveryNode,
      cursor: 'id',
      totalCount: true,
      description: 'The delivery log, newest first.',
      args: { status: t.arg({ type: WebhookDeliveryStatusEnum }), eventType: t.arg({ type: WebhookEventTypeEnum }) },
      query: ({ status, eventType }) => ({
        where: { ...(status ? { status } : {}), ...(eventType ? { eventType } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField(BusinessNode, 'webhookEndpoints', (t) =>
  t.relation('webhookEndpoints', {
    type: WebhookEndpointNode,
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    authScopes: roleAllows('manageWebhooks'),
    // Nullable, so that refusing it to an EDITOR or VIEWER does not null the whole business.
    nullable: true,
    extensions: { maxItems: MAX_WEBHOOK_ENDPOINTS },
    description: `Webhook endpoints, oldest first (at most ${MAX_WEBHOOK_ENDPOINTS}). ADMIN and OWNER only: null with a FORBIDDEN error for other members.`,
  }),
);

const WebhookEndpointWithSecret = builder.objectRef<{ endpoint: WebhookEndpoint; secret: string }>('WebhookEndpointWithSecret').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointNode, resolve: (payload) => payload.endpoint }),
    secret: t.exposeString('secret', {
      description: 'The signing secret (whsec_…), shown this once: verify deliveries with it (any Standard Webhooks library does).',
    }),
  }),
});

const WebhookEndpointInput = createAndUpdateInputs('WebhookEndpoint', {
  createOnly: (t) => ({ businessId: t.id({ required: true }) }),
  fields: (t, onCreate) => ({
    url: t.string({ required: onCreate, description: 'The http(s) URL deliveries are POSTed to; one resolving to a private, loopback or link-local address is refused.' }),
    events: t.field({ type: [WebhookEventTypeEnum], required: onCreate, description: 'At least one.' }),
    description: t.string(),
  }),
  updateOnly: (t) => ({
    enabled: t.boolean({ description: 'false stops deliveries; true starts them again (also after the server disabled the endpoint) and forgets past failures.' }),
  }),
});

const IdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });
const RotateWebhookSecretInput = IdInput('RotateWebhookSecretInput');
const DeleteWebhookEndpointInput = IdInput('DeleteWebhookEndpointInput');
const RedeliverWebhookInput = builder.inputType('RedeliverWebhookInput', { fields: (t) => ({ deliveryId: t.id({ required: true }) }) });
const DeletedWebhookEndpoint = builder.simpleObject('DeletedWebhookEndpoint', {
  fields: (t) => ({ deletedId: t.id({ description: 'The global ID of the deleted WebhookEndpoint.' }) }),
});

builder.mutationFields((t) => {
  const signedIn = t.withAuth({ authenticated: true });
  return {
    createWebhookEndpoint: signedIn.field({
      type: WebhookEndpointWithSecret,
      errors: {},
      description: `Sends the business's events of the chosen types to a URL (ADMIN and OWNER; at most ${MAX_WEBHOOK_ENDPOINTS} endpoints). Returns the signing secret, once.`,
      args: { input: t.arg({ type: WebhookEndpointInput.create, required: true }) },
      resolve: (_root, { input: { businessId, ...input } }, ctx) => createWebhookEndpoint(ctx, { businessId: localId(businessId, 'Business'), input }),
    }),
    updateWebhookEndpoint: signedIn.prismaField({
      type: WebhookEndpointNode,
      errors: {},
      description: 'Changes the URL, events or description, or disables (enabled: false) or re-enables the endpoint.',
      args: { input: t.arg({ type: WebhookEndpointInput.update, required: true }) },
      resolve: (query, _root, { input: { id, ...input } }, ctx) => updateWebhookEndpoint(ctx, { id: localId(id, 'WebhookEndpoint'), input, query }),
    }),
    rotateWebhookSecret: signedIn.field({
      type: WebhookEndpointWithSecret,
      errors: {},
      description: `Replaces the signing secret and returns the new one, once. For ${PREVIOUS_SECRET_HOURS} hours deliveries carry a signature with the previous secret too, so receivers can switch.`,
      args: { input: t.arg({ type: RotateWebhookSecretInput, required: true }) },
      resolve: (_root, { input }, ctx) => rotateWebhookSecret(ctx, { id: localId(input.id, 'WebhookEndpoint') }),
    }),
    deleteWebhookEndpoint: signedIn.field({
      type: DeletedWebhookEndpoint,
      errors: {},
      description: 'Deletes the endpoint and its delivery log; deliveries still waiting are dropped.',
      args: { input: t.arg({ type: DeleteWebhookEndpointInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        await deleteWebhookEndpoint(ctx, { id: localId(input.id, 'WebhookEndpoint') });
        return { deletedId: input.id };
      },
    }),
    redeliverWebhook: signedIn.prismaField({
      type: WebhookDeliveryNode,
      errors: { types: [ConflictError] },
      description: 'Sends a delivered or failed message again: a new delivery with the same webhook-id and body. CONFLICT while the endpoint is disabled.',
      args: { input: t.arg({ type: RedeliverWebhookInput, required: true }) },
      resolve: (query, _root, { input }, ctx) => redeliverWebhook(ctx, { deliveryId: localId(input.deliveryId, 'WebhookDelivery'), query }),
    }),
  };
});
