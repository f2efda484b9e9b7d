import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { SHUTDOWN } from '../../jobs/job-execution.ts';
import type { JobDefinition, JobRun, Transaction } from '../../jobs/job-queue.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import { postJsonText } from '../../outbound-http.ts';
import type { WebhookEvent } from './webhook-events.ts';

const payload = z.object({ deliveryId: z.string() });

/**
 * Sends one delivery: one attempt per run, signed afresh (Standard Webhooks) with the endpoint's
 * secret, and, for a day after a rotation, its previous one too. A failed attempt fails the run,
 * so the engine retries it with backoff; the last one settles the delivery as FAILED and counts
 * against the endpoint. Only delivering happens here: what is sent was decided when it was queued.
 */
export const webhookDeliveryJob = (config: Pick<Config, 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_RETRY_DELAY_SECONDS'>): JobDefinition<z.infer<typeof payload>> => ({
  name: 'deliver-webhook',
  payload,
  // One run more than attempts: the spare settles a delivery whose last attempt's worker died.
  maxAttempts: config.WEBHOOK_MAX_ATTEMPTS + 1,
  retryDelaySeconds: config.WEBHOOK_RETRY_DELAY_SECONDS,
  concurrency: 8,
  run: (app, { deliveryId }, run) => deliver(app, deliveryId, run),
});

/** Records a delivery of each event to the endpoint and queues it, in the caller's transaction. */
export async function queueDeliveries(tx: Transaction, app: AppContext, endpointId: string, events: readonly Pick<WebhookEvent, 'webhookId' | 'type' | 'body'>[]) {
  const rows = events.map((event) => ({ id: randomUUID(), endpointId, webhookId: event.webhookId, eventType: event.type, payload: event.body }));
  await tx.webhookDelivery.createMany({ data: rows });
  const job = webhookDeliveryJob(app.config);
  for (const row of rows) await app.jobs.enqueue(tx, job, { deliveryId: row.id });
  return rows.map((row) => row.id);
}

type Delivery = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

const findDelivery = (id: string) => prisma.webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });

async function deliver(app: AppContext, deliveryId: string, run: JobRun): Promise<void> {
  const delivery = await findDelivery(deliveryId);
  // Gone with its endpoint, or settled by an earlier run of this job.
  if (!delivery || delivery.status !== 'PENDING') return;
  if (!delivery.endpoint.enabled) return settleUnsent(app, delivery, 'Not sent: the endpoint is disabled');
  if (delivery.attemptCount >= app.config.WEBHOOK_MAX_ATTEMPTS) return settleUnsent(app, delivery, delivery.lastError ?? 'Its last attempt was interrupted');

  const attemptedAt = app.clock.now();
  const started = performance.now();
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    const response = await postJsonText(delivery.endpoint.url, delivery.payload, {
      headers: signatureHeaders(delivery, attemptedAt),
      timeoutMs: app.config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: app.config.WEBHOOK_ALLOW_PRIVATE_URLS,
      signal: run.signal,
    });
    responseStatus = response.status;
    if (response.status < 200 || response.status >= 300) error = `The endpoint answered ${response.status}`;
  } catch (failure) {
    if (run.signal.reason === SHUTDOWN) return handOver(app, delivery, run);
    error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 500);
  }
  const latencyMs = Math.round(performance.now() - started);
  const attempt = delivery.attemptCount + 1;
  const final = error === null || attempt >= app.config.WEBHOOK_MAX_ATTEMPTS || run.lastAttempt;
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId, attempt, responseStatus, latencyMs, error, createdAt: attemptedAt } });
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { attemptCount: attempt, lastError: error, status: error === null ? 'SUCCEEDED' : final ? 'FAILED' : 'PENDING', finishedAt: final ? app.clock.now() : null },
    });
    if (error === null) await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
    else if (final) await countFailure(tx, app, delivery);
  });
  app.metrics.webhooks.attempted(error === null ? 'delivered' : final ? 'failed' : 'retrying');
  // The engine retries a failed run after its backoff.
  if (!final) throw new Error(`Attempt ${attempt}: ${error}`);
}

/** Standard Webhooks headers; during a rotation's grace period the signature header carries both signatures. */
function signatureHeaders(delivery: Delivery, at: Date) {
  const { secret, previousSecret, previousSecretUntil } = delivery.endpoint;
  const secrets = previousSecret && previousSecretUntil && previousSecretUntil > at ? [secret, previousSecret] : [secret];
  return {
    'webhook-id': delivery.webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((key) => new Webhook(key).sign(delivery.webhookId, at, delivery.payload)).join(' '),
  };
}

/** A delivery that failed for good counts against its endpoint, which is disabled after too many in a row. */
async function countFailure(tx: Transaction, app: AppContext, delivery: Delivery) {
  const endpoint = await tx.webhookEndpoint.update({
    where: { id: delivery.endpointId },
    data: { consecutiveFailures: { increment: 1 } },
    select: { consecutiveFailures: true },
  });
  if (endpoint.consecutiveFailures < app.config.WEBHOOK_DISABLE_AFTER_FAILURES) return;
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: delivery.endpointId, enabled: true },
    data: { enabled: false, disabledAt: app.clock.now(), disabledReason: `Disabled after ${endpoint.consecutiveFailures} deliveries in a row failed` },
  });
  if (count) app.logger.warn({ endpointId: delivery.endpointId, businessId: delivery.endpoint.businessId }, 'webhook endpoint disabled after repeated failures');
}

function settleUnsent(app: AppContext, delivery: Delivery, reason: string) {
  return prisma.webhookDelivery.updateMany({
    where: { id: delivery.id, status: 'PENDING' },
    data: { status: 'FAILED', lastError: reason, finishedAt: app.clock.now() },
  }).then(() => undefined);
}

/** A shutdown is no failure of the endpoint: the attempt is not counted, and the last run hands over to a new job. */
async function handOver(app: AppContext, delivery: Delivery, run: JobRun) {
  if (!run.lastAttempt) throw SHUTDOWN;
  const runAt = new Date(Date.now() + app.config.WEBHOOK_RETRY_DELAY_SECONDS * 1000);
  await writeWithJobs(app, (tx) => app.jobs.enqueue(tx, webhookDeliveryJob(app.config), { deliveryId: delivery.id }, { runAt }));
}
