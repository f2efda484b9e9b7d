import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunningApp } from './app.ts';
import { prisma } from './db/client.ts';
import { resultWithin } from './deadline.ts';

/** A probe that has not answered by then counts as down: a load balancer's probe must not hang. */
export const PROBE_TIMEOUT_MS = 2_000;
/** Readiness probes within this long of a check share its answer, so a flood costs no database time. */
const REUSE_MS = 1_000;

type Checks = Awaited<ReturnType<RunningApp['readiness']>>;

const answer = (res: ServerResponse, ok: boolean, body: object) => {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * `GET /health` (liveness: the process runs and its database answers) and `GET /ready` (for a load
 * balancer: 200 only while this instance can serve, its database answering with every migration
 * applied and Redis when configured; 503 otherwise and from the moment a shutdown starts, so the
 * balancer stops sending it requests before its connections close). HEAD works too; a query
 * string is ignored.
 */
export function createProbeEndpoints(app: RunningApp) {
  let lastReadiness: { at: number; checks: Promise<Checks> } | undefined;
  let healthy = true;

  async function health(res: ServerResponse) {
    const ok = await resultWithin(
      prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      PROBE_TIMEOUT_MS,
      false,
    );
    // A line when the state changes, not one per probe while the database is away.
    if (ok !== healthy) (ok ? app.logger.info('health check passes again') : app.logger.error('health check failed: the database does not answer'));
    healthy = ok;
    answer(res, ok, { status: ok ? 'ok' : 'unavailable' });
  }

  async function ready(res: ServerResponse, shuttingDown: boolean) {
    if (shuttingDown) return answer(res, false, { status: 'shutting down' });
    if (!lastReadiness || Date.now() - lastReadiness.at > REUSE_MS) lastReadiness = { at: Date.now(), checks: app.readiness() };
    const checks = await lastReadiness.checks;
    const ok = checks.database === 'ok' && checks.redis !== 'unavailable';
    answer(res, ok, { status: ok ? 'ready' : 'unavailable', ...checks });
  }

  return {
    /** Answers the request when it is a probe, and says whether it was. */
    async handle(req: IncomingMessage, res: ServerResponse, shuttingDown: boolean): Promise<boolean> {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = req.url?.split('?')[0];
      if (path === '/health') await health(res);
      else if (path === '/ready') await ready(res, shuttingDown);
      else return false;
      return true;
    },
  };
}
