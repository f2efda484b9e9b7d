import type { ServerResponse } from 'node:http';
import type { RunningApp } from './app.ts';

/** A check that has not answered by then counts as down: a load balancer's probe must not hang. */
const CHECK_TIMEOUT_MS = 2_000;
/** Probes within this long of a check share its answer, so a flood of them costs no database time. */
const REUSE_MS = 1_000;

type Checks = Awaited<ReturnType<RunningApp['readiness']>>;

/**
 * `GET /ready`: 200 only while this instance can serve (its database answers with every migration
 * applied, and Redis when configured), 503 otherwise and from the moment a shutdown starts, so a
 * load balancer stops sending it requests before its connections close. `GET /health` stays a
 * plain liveness check.
 */
export function createReadinessEndpoint(app: RunningApp) {
  let last: { at: number; checks: Promise<Checks | undefined> } | undefined;

  const check = (): Promise<Checks | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CHECK_TIMEOUT_MS)));
    return Promise.race([app.readiness(), timedOut]).finally(() => clearTimeout(timer));
  };

  return async function answerReadiness(res: ServerResponse, shuttingDown: boolean): Promise<void> {
    let checks: Checks | undefined;
    if (!shuttingDown) {
      if (!last || Date.now() - last.at > REUSE_MS) last = { at: Date.now(), checks: check() };
      checks = await last.checks;
    }
    const ready = !!checks && checks.database === 'ok' && checks.redis !== 'unavailable';
    const status = shuttingDown ? 'shutting down' : ready ? 'ready' : 'unavailable';
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status, ...(checks ?? {}) }));
  };
}
