import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.ts';
import { authorize, authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { distinctList, limits, optionalText, parseInput, url } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { resolvesToPrivateAddress } from '../../outbound-http.ts';
import { queueDeliveries } from './webhook-delivery-job.ts';
import { webhookEventTypes } from './webhook-events.ts';

type EndpointQuery = Pick<Prisma.WebhookEndpointDefaultArgs, 'include' | 'select'>;
type DeliveryQuery = Pick<Prisma.WebhookDeliveryDefaultArgs, 'include' | 'select'>;

/** Endpoints one business may have: every event of the business is matched against all of them. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
/** How long the secret before a rotation keeps signing beside the new one, so receivers can switch. */
export const PREVIOUS_SECRET_HOURS = 24;
/** Settled deliveries (and their attempts) are kept this long for the delivery log. */
export const DELIVERY_LOG_DAYS = 30;
const HOUR_MS = 3_600_000;

const endpointFields = {
  url,
  events: distinctList(z.enum(webhookEventTypes), webhookEventTypes.length).refine((events) => events.length > 0, 'Choose at least one event'),
  description: optionalText(limits.shortText),
};
const createInput = z.object(endpointFields);
const updateInput = z.object({ ...endpointFields, enabled: z.boolean() }).partial();

/** A Standard Webhooks signing secret: whsec_ and base64 of 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

async function checkUrl(ctx: ServiceContext, endpointUrl: string) {
  if (ctx.app.config.WEBHOOK_ALLOW_PRIVATE_URLS || !(await resolvesToPrivateAddress(endpointUrl))) return;
  throw new ValidationError([{ path: ['input', 'url'], message: 'Resolves to a private, loopback or link-local address: webhooks are sent to public addresses only' }]);
}

async function findManagedEndpoint(ctx: ServiceContext, id: string) {
  const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } });
  return authorizeRow(ctx.viewer, endpoint, 'WebhookEndpoint', 'manageWebhooks');
}

/** Adds an endpoint to a business; its signing secret is returned here and by rotation only. */
export async function createWebhookEndpoint(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: EndpointQuery }) {
  const data = parseInput(createInput, input);
  await findBusinessFor(ctx.viewer, businessId, 'manageWebhooks');
  await checkUrl(ctx, data.url);
  if ((await prisma.webhookEndpoint.count({ where: { businessId } })) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new ValidationError([{ path: ['input'], message: `A business may have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints: delete one first` }]);
  }
  const secret = newSecret();
  const endpoint = await prisma.webhookEndpoint.create({ ...query, data: { ...data, businessId, secret } });
  return { endpoint, secret };
}

/** Changes the URL, events or description; `enabled` switches deliveries off, or on again (forgiving past failures). */
export async function updateWebhookEndpoint(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: EndpointQuery }) {
  const { enabled, ...data } = parseInput(updateInput, input);
  const endpoint = await findManagedEndpoint(ctx, id);
  if (data.url !== undefined) await checkUrl(ctx, data.url);
  const now = ctx.app.clock.now();
  const switched =
    enabled === undefined || enabled === endpoint.enabled
      ? {}
      : enabled
        ? { enabled, disabledAt: null, disabledReason: null, consecutiveFailures: 0 }
        : { enabled, disabledAt: now, disabledReason: 'Disabled by a member' };
  return prisma.webhookEndpoint.update({ ...query, where: { id }, data: { ...data, ...switched } });
}

/**
 * Replaces the signing secret and returns the new one, once. The previous secret keeps signing
 * beside it (a second signature in the same header) for PREVIOUS_SECRET_HOURS.
 */
export async function rotateWebhookSecret(ctx: ServiceContext, { id, query }: { id: string; query?: EndpointQuery }) {
  const endpoint = await findManagedEndpoint(ctx, id);
  const secret = newSecret();
  const previousSecretUntil = new Date(ctx.app.clock.now().getTime() + PREVIOUS_SECRET_HOURS * HOUR_MS);
  const rotated = await prisma.webhookEndpoint.update({ ...query, where: { id }, data: { secret, previousSecret: endpoint.secret, previousSecretUntil } });
  return { endpoint: rotated, secret };
}

/** Deletes the endpoint with its delivery log; deliveries still waiting are dropped. */
export async function deleteWebhookEndpoint(ctx: ServiceContext, { id }: { id: string }) {
  await findManagedEndpoint(ctx, id);
  await prisma.webhookEndpoint.deleteMany({ where: { id } });
  return { deletedId: id };
}

/** Sends a delivery's message again, as a new delivery with the same webhook-id and body. */
export async function redeliverWebhook(ctx: ServiceContext, { deliveryId, query }: { deliveryId: string; query?: DeliveryQuery }) {
  const delivery = await prisma.webhookDelivery.findFirst({ where: { id: deliveryId, endpoint: inMemberBusinessWhere(ctx.viewer) }, include: { endpoint: true } });
  if (!delivery) throw new NotFoundError('WebhookDelivery');
  await authorize(ctx.viewer, delivery.endpoint.businessId, 'manageWebhooks', 'WebhookDelivery');
  if (!delivery.endpoint.enabled) throw new ConflictError('The endpoint is disabled: enable it (updateWebhookEndpoint) before redelivering');
  const [id] = await writeWithJobs(ctx.app, async (tx) => {
    const ids = await queueDeliveries(tx, ctx.app, delivery.endpointId, [{ webhookId: delivery.webhookId, type: delivery.eventType as (typeof webhookEventTypes)[number], body: delivery.payload }]);
    // Deliveries are a log of their own, not audited row by row; asking for one again is a person's act.
    await recordAudit(tx, [
      {
        action: 'CREATE',
        entityType: 'WebhookDelivery',
        entityId: ids[0]!,
        businessId: delivery.endpoint.businessId,
        changes: { redeliveryOf: { before: null, after: delivery.id }, eventType: { before: null, after: delivery.eventType } },
      },
    ]);
    return ids;
  });
  return prisma.webhookDelivery.findUniqueOrThrow({ ...query, where: { id: id! } });
}

/** Forgets deliveries settled more than DELIVERY_LOG_DAYS ago (their attempts go with them). */
export async function deleteOldWebhookDeliveries(now: Date, batch: number): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 24 * HOUR_MS);
  let deleted = 0;
  for (;;) {
    const old = await prisma.webhookDelivery.findMany({ where: { finishedAt: { lt: before } }, select: { id: true }, take: batch });
    if (!old.length) return deleted;
    const { count } = await prisma.webhookDelivery.deleteMany({ where: { id: { in: old.map((row) => row.id) } } });
    deleted += count;
    if (old.length < batch) return deleted;
  }
}
