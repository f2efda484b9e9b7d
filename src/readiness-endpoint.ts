import type { ServerResponse } from 'node:http';
import type { RunningApp } from './app.ts';

/** A check that has not answered by then counts as down: a load balancer's probe must not hang. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `GET /ready`: 200 only while this instance can serve (its database answers with every migration
 * applied, and Redis when configured), 503 otherwise and from the moment a shutdown starts, so a
 * load balancer stops sending it requests before its connections close. `GET /health` stays a
 * plain liveness check.
 */
export async function answerReadiness(res: ServerResponse, app: RunningApp, shuttingDown: boolean): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CHECK_TIMEOUT_MS)));
  const checks = shuttingDown ? undefined : await Promise.race([app.readiness(), timedOut]);
  clearTimeout(timer);
  const ready = !!checks && checks.database === 'ok' && checks.redis !== 'unavailable';
  const status = shuttingDown ? 'shutting down' : ready ? 'ready' : 'unavailable';
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status, ...(checks ?? {}) }));
}
