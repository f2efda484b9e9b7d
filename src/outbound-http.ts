import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { useAgent } from 'request-filtering-agent';
import { resultWithin } from './deadline.ts';

export interface OutboundResponse {
  status: number;
  /** The body when it was JSON and at most MAX_BODY_BYTES, else null. */
  json: unknown;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * POSTs JSON to a URL a user gave us. The connection is refused when the name resolves to a
 * private, loopback or link-local address (checked on the address actually connected to, so a
 * DNS answer that changes after a check cannot slip through) unless `allowPrivate`.
 */
export function postJson(url: string, body: unknown, options: PostOptions): Promise<OutboundResponse> {
  return postJsonText(url, JSON.stringify(body), options);
}

interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
  signal?: AbortSignal;
}

/** postJson for a body already serialised: what was signed is exactly what is sent. */
export function postJsonText(url: string, json: string, { headers = {}, timeoutMs, allowPrivate, signal }: PostOptions): Promise<OutboundResponse> {
  const payload = Buffer.from(json);
  const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent: useAgent(url, { allowPrivateIPAddress: allowPrivate }),
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': 'Herald', ...headers },
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
          // Past the cap the body is of no use: stop reading and answer with the status alone.
          else {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, json: null });
          }
        });
        res.on('end', () => {
          let json: unknown = null;
          if (size <= MAX_BODY_BYTES && /json/i.test(res.headers['content-type'] ?? '')) {
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              json = null;
            }
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      },
    );
    // A whole-exchange deadline: the socket timeout alone lets a receiver that drips bytes hold on.
    const deadline = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`No answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const LOOKUP_TIMEOUT_MS = 3_000;

/**
 * Whether the URL's host is, or resolves to, a private, loopback, link-local or otherwise
 * non-public address (the same rule the agent above applies when connecting), so a user is told
 * when saving the URL rather than at the first delivery. A name that does not resolve now is not
 * refused here: the check on connecting still applies.
 */
export async function resolvesToPrivateAddress(url: string): Promise<boolean> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host)
    ? [host]
    : await resultWithin(
        lookup(host, { all: true }).then((found) => found.map((entry) => entry.address)),
        LOOKUP_TIMEOUT_MS,
        [],
      ).catch(() => []);
  return addresses.some((address) => ipaddr.parse(address).range() !== 'unicast');
}
