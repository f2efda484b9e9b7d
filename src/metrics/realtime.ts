import type { MetricsRegistry } from './registry.ts';

export type SubscriptionTransport = 'websocket' | 'sse';

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;

/** Open WebSocket connections and open subscriptions. Each `…Opened` returns its close, which counts once however often it is called. */
export function createRealtimeMetrics(metrics: MetricsRegistry) {
  const subscriptions = metrics.gauge({ name: 'herald_graphql_subscriptions_open', help: 'GraphQL subscriptions running, by transport (websocket or sse).', labelNames: ['transport'] as const });
  const connections = metrics.gauge({ name: 'herald_websocket_connections_open', help: 'WebSocket connections open on /graphql.' });
  // Shown at 0 before the first one opens.
  for (const transport of ['websocket', 'sse'] as const) subscriptions.set({ transport }, 0);

  const opened = (increment: () => void, decrement: () => void) => {
    increment();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      decrement();
    };
  };
  return {
    subscriptionOpened: (transport: SubscriptionTransport) =>
      opened(
        () => subscriptions.inc({ transport }),
        () => subscriptions.dec({ transport }),
      ),
    connectionOpened: () =>
      opened(
        () => connections.inc(),
        () => connections.dec(),
      ),
  };
}
