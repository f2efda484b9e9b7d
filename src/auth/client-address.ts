import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for per-client limits. Behind a proxy (TRUST_PROXY) it is the
 * right-most X-Forwarded-For entry: the one the proxy itself appended. Entries to its left were
 * sent by the client and can be anything. Without a proxy it is the socket's peer.
 */
export function clientAddressOf(req: IncomingMessage | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req?.headers['x-forwarded-for'];
    const header = Array.isArray(forwarded) ? forwarded.at(-1) : forwarded;
    const nearest = header?.split(',').at(-1)?.trim();
    if (nearest) return nearest.slice(0, 64);
  }
  return req?.socket?.remoteAddress ?? 'unknown';
}
