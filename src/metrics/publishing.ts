import type { SocialProvider } from '../domain/enums.ts';
import type { MetricsRegistry } from './registry.ts';

export type PublishOutcome = 'published' | 'retrying' | 'failed';
export type PublishingMetrics = ReturnType<typeof createPublishingMetrics>;

/** Publishing attempts by provider and outcome. */
export function createPublishingMetrics(metrics: MetricsRegistry) {
  const attempts = metrics.counter({
    name: 'herald_publish_attempts_total',
    help: 'Attempts to publish scheduled content, by provider and outcome (published, retrying, failed).',
    labelNames: ['provider', 'outcome'] as const,
  });
  return {
    attempted: (provider: SocialProvider | 'none', outcome: PublishOutcome) => attempts.inc({ provider, outcome }),
  };
}
