import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsRegistry } from './registry.ts';

type Route = 'graphql' | 'mcp' | 'probe' | 'metrics' | 'other';

const routes: Record<string, Route> = { '/graphql': 'graphql', '/mcp': 'mcp', '/health': 'probe', '/ready': 'probe', '/metrics': 'metrics' };
const methods = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

/** A class of path, never the path itself: any URL a client makes up would otherwise be a new series. */
export const routeOf = (url: string | undefined): Route => routes[url?.split('?')[0] ?? ''] ?? 'other';

/** 2xx, 4xx, 5xx…; `aborted` when the connection closed before a status was sent. */
const statusClassOf = (res: ServerResponse) => (res.headersSent ? `${Math.trunc(res.statusCode / 100)}xx` : 'aborted');

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;

/** Requests and their durations by method, route class and status class. WebSocket upgrades are counted apart (realtime.ts). */
export function createHttpMetrics(metrics: MetricsRegistry) {
  const labelNames = ['method', 'route', 'status_class'] as const;
  const requests = metrics.counter({ name: 'herald_http_requests_total', help: 'HTTP requests answered, by method, route class and status class.', labelNames });
  const durations = metrics.histogram({
    name: 'herald_http_request_duration_seconds',
    help: 'From the request to the end of its response (an event stream: the whole stream), by method, route class and status class.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return {
    /** Counts the request once its connection is done with it (`close` also comes when the client goes away). */
    track(req: IncomingMessage, res: ServerResponse) {
      const started = performance.now();
      res.once('close', () => {
        const labels = { method: methods.has(req.method ?? '') ? (req.method as string) : 'other', route: routeOf(req.url), status_class: statusClassOf(res) };
        requests.inc(labels);
        durations.observe(labels, (performance.now() - started) / 1000);
      });
    },
  };
}
