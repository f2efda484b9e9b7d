import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for per-client limits. Behind a proxy (TRUST_PROXY) it is the
 * left-most X-Forwarded-For entry, which the proxy must set; otherwise the socket's peer.
 */
export function clientAddressOf(req: IncomingMessage | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req?.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return req?.socket?.remoteAddress ?? 'unknown';
}
