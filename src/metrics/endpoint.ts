import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Registry } from 'prom-client';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries `Bearer <token>`, compared in constant time (digests, so lengths do not tell either). */
function bearerMatches(req: IncomingMessage, tokenDigest: Buffer): boolean {
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), tokenDigest);
}

/**
 * `GET /metrics` (and HEAD): the registry in Prometheus' text format. With METRICS_TOKEN set, only
 * for `Authorization: Bearer <token>` (else 401); with METRICS_ENABLED=false not at all, and the
 * request goes on to the normal 404.
 */
export function createMetricsEndpoint({ config, logger, registry }: { config: Pick<Config, 'METRICS_ENABLED' | 'METRICS_TOKEN'>; logger: Logger; registry: Registry }) {
  const tokenDigest = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : undefined;
  return {
    /** Answers the request when it is for /metrics, and says whether it was. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      if (!config.METRICS_ENABLED || (req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== '/metrics') return false;
      if (tokenDigest && !bearerMatches(req, tokenDigest)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' });
        res.end(req.method === 'HEAD' ? undefined : 'Unauthorized\n');
        return true;
      }
      let body: string;
      try {
        body = await registry.metrics();
      } catch (error) {
        // A collector registered by some module failed; the scrape fails visibly rather than partly.
        logger.error({ err: error }, 'collecting metrics failed');
        res.writeHead(500, { 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' });
        res.end(req.method === 'HEAD' ? undefined : 'Collecting metrics failed\n');
        return true;
      }
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}
