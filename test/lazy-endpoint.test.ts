import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Endpoint, lazyEndpoint } from '../src/lazy-endpoint.ts';
import { createLogger } from '../src/logger.ts';

// The REST and MCP endpoints load their modules with their first request (src/server.ts). A load
// that fails must answer, not leave that request and every later one waiting on a rejected promise.
describe('an endpoint loaded with its first request', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(load: () => Promise<Endpoint>) {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const endpoint = lazyEndpoint('test', load, logger);
    server = createServer((req, res) => void endpoint(req, res, 'request-1'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, lines };
  }

  it('loads once however many requests arrive while it loads', async () => {
    let loads = 0;
    const { url } = await serve(async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return async (_req, res) => void res.end('served');
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(url).then((response) => response.text())));
    expect(answers).toEqual(Array(20).fill('served'));
    expect(loads).toBe(1);
  });

  it('answers 500 with a JSON error when the load fails, logs it, and loads again with the next request', async () => {
    let loads = 0;
    const { url, lines } = await serve(async () => {
      if (++loads === 1) throw new Error('module missing');
      return async (_req, res) => void res.end('served');
    });
    const failed = await fetch(url);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ errors: [{ message: 'Unexpected error.', code: 'INTERNAL_SERVER_ERROR' }] });
    expect(lines.some((line) => line.includes('the test endpoint could not be loaded') && line.includes('module missing') && line.includes('request-1'))).toBe(true);

    const next = await fetch(url);
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('served');
    expect(loads).toBe(2);
  });
});
