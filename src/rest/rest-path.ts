import type { IncomingMessage } from 'node:http';

export const REST_BASE_PATH = '/api';

/** Whether a request is for the REST surface: /api or below it. */
export function isRestRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0];
  return path === REST_BASE_PATH || path.startsWith(`${REST_BASE_PATH}/`);
}
