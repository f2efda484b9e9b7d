import type { Config } from '../config.ts';
import { type AiMetrics, createAiMetrics } from './ai.ts';
import { createGraphqlMetrics, type GraphqlMetrics } from './graphql.ts';
import { createHttpMetrics, type HttpMetrics } from './http.ts';
import { createRealtimeMetrics, type RealtimeMetrics } from './realtime.ts';
import { createPublishingMetrics, type PublishingMetrics } from './publishing.ts';
import { createMetricsRegistry, type MetricsRegistry } from './registry.ts';
import { createWebhookMetrics, type WebhookMetrics } from './webhooks.ts';

/**
 * The app's metrics (AppContext.metrics): its registry with the helpers to add collectors, and the
 * collectors the entry points feed. A module with metrics of its own creates them once, where the
 * app builds it, through the helpers, e.g.
 *   const attempts = app.metrics.counter({ name: 'herald_publish_attempts_total', help: '…', labelNames: ['provider', 'outcome'] as const });
 *   app.metrics.gauge({ name: 'herald_jobs', help: '…', labelNames: ['queue', 'state'] as const,
 *     async collect() { for (const row of await countJobs()) this.set({ queue: row.queue, state: row.state }, row.count); } });
 */
export interface Metrics extends MetricsRegistry {
  readonly http: HttpMetrics;
  readonly graphql: GraphqlMetrics;
  readonly realtime: RealtimeMetrics;
  readonly ai: AiMetrics;
  readonly publishing: PublishingMetrics;
  readonly webhooks: WebhookMetrics;
}

/** Counting goes on when METRICS_ENABLED is false (it costs next to nothing); only the process metrics and the endpoint are off. */
export function createMetrics(config: Pick<Config, 'METRICS_ENABLED'>): Metrics {
  const registry = createMetricsRegistry({ processMetrics: config.METRICS_ENABLED });
  return {
    ...registry,
    http: createHttpMetrics(registry),
    graphql: createGraphqlMetrics(registry),
    realtime: createRealtimeMetrics(registry),
    ai: createAiMetrics(registry),
    publishing: createPublishingMetrics(registry),
    webhooks: createWebhookMetrics(registry),
  };
}
