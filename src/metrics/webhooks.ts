import type { MetricsRegistry } from './registry.ts';

export type WebhookAttemptOutcome = 'delivered' | 'retrying' | 'failed';
export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;

/** Webhook delivery attempts by outcome. */
export function createWebhookMetrics(metrics: MetricsRegistry) {
  const attempts = metrics.counter({
    name: 'herald_webhook_attempts_total',
    help: 'Attempts to deliver a webhook, by outcome (delivered, retrying, failed: the last attempt failed).',
    labelNames: ['outcome'] as const,
  });
  return {
    attempted: (outcome: WebhookAttemptOutcome) => attempts.inc({ outcome }),
  };
}
