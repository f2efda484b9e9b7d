import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { writeWithJobs } from '../../jobs/write-with-jobs.ts';
import type { PublishObserver } from '../../realtime/pubsub.ts';
import { queueDeliveries } from './webhook-delivery-job.ts';
import { type WebhookEvent, webhookEventsOf } from './webhook-events.ts';

export interface WebhookDispatcher {
  /** Give to the event bus: sees each event published by this instance, once. */
  readonly observe: PublishObserver;
  /** Resolves when the events seen so far have their deliveries queued. */
  idle(): Promise<void>;
}

/**
 * Turns the events this instance publishes into deliveries: one per enabled endpoint of the
 * business subscribed to the event's type, each a deliver-webhook job. Events published in one
 * turn of the event loop (a generated campaign's content, say) are handled together: one query
 * for the endpoints, one transaction for the deliveries. It runs where the event was published,
 * not where it is heard, so instances sharing Redis do not deliver twice.
 */
export function createWebhookDispatcher(app: AppContext): WebhookDispatcher {
  let batch: WebhookEvent[] = [];
  const inFlight = new Set<Promise<void>>();

  function flush() {
    const events = batch;
    batch = [];
    const work: Promise<void> = dispatch(app, events)
      .catch((error: unknown) => app.logger.error({ err: error, events: events.length }, 'could not queue webhook deliveries'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  }

  return {
    observe(name, event) {
      const events = webhookEventsOf(name, event);
      if (!events.length) return;
      if (!batch.length) queueMicrotask(flush);
      batch.push(...events);
    },
    async idle() {
      while (inFlight.size || batch.length) await Promise.allSettled([...inFlight, new Promise((resolve) => setImmediate(resolve))]);
    },
  };
}

async function dispatch(app: AppContext, events: readonly WebhookEvent[]) {
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: { businessId: { in: [...new Set(events.map((event) => event.businessId))] }, enabled: true },
    select: { id: true, businessId: true, events: true },
  });
  const planned = endpoints
    .map((endpoint) => ({ endpointId: endpoint.id, events: events.filter((event) => event.businessId === endpoint.businessId && endpoint.events.includes(event.type)) }))
    .filter((plan) => plan.events.length);
  if (!planned.length) return;
  await writeWithJobs(app, async (tx) => {
    for (const plan of planned) await queueDeliveries(tx, app, plan.endpointId, plan.events);
  });
}
