import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { useAgent } from 'request-filtering-agent';

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
export function postJson(
  url: string,
  body: unknown,
  { headers = {}, timeoutMs, allowPrivate, signal }: { headers?: Record<string, string>; timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<OutboundResponse> {
  const payload = Buffer.from(JSON.stringify(body));
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
