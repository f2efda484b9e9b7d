import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger.ts';

export type Endpoint = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

/**
 * An endpoint whose modules load with its first request. A load that fails (a module that cannot
 * be read, a schema view that cannot be built) answers that request 500 and is tried again by the
 * next, rather than leaving every later request waiting on a rejected promise.
 */
export function lazyEndpoint(name: string, load: () => Promise<Endpoint>, logger: Logger): Endpoint {
  let loading: Promise<Endpoint> | undefined;
  return async (req, res, requestId) => {
    loading ??= load();
    let endpoint: Endpoint;
    try {
      endpoint = await loading;
    } catch (error) {
      loading = undefined;
      logger.error({ err: error, reqId: requestId }, `the ${name} endpoint could not be loaded`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', code: 'INTERNAL_SERVER_ERROR' }] }));
      return;
    }
    await endpoint(req, res, requestId);
  };
}
