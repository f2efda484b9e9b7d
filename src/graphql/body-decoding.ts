import type { Plugin } from 'graphql-yoga';
import { bodyEncodingOf, gunzipWithin, UNSUPPORTED_ENCODING_MESSAGE } from '../request-encoding.ts';
import { closingConnection, overLimit } from './body-size-limit.ts';
import { refusal } from './refusal.ts';

/**
 * Reads a gzip body (Content-Encoding: gzip) inflated to no more than the body-size limit, and
 * refuses any other encoding with 415. Must come before useBodySizeLimit among the plugins: the
 * parser set last runs first, so the compressed body is counted (or its length checked) before
 * it gets here.
 */
export function useBodyDecoding(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!request.body) return;
      const encoding = bodyEncodingOf(request.headers.get('content-encoding'));
      if (encoding === 'identity') return;
      if (encoding === null) throw closingConnection(refusal('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_ENCODING_MESSAGE));
      if (!requestParser) return;
      setRequestParser(async (compressed) => {
        const body = await gunzipWithin(new Uint8Array(await compressed.arrayBuffer()), maxBytes);
        if (body === 'too large') throw overLimit(maxBytes, { inflated: true });
        if (body === 'corrupt') throw refusal('BAD_USER_INPUT', 'The request body is not valid gzip.');
        const headers = new fetchAPI.Headers(compressed.headers);
        headers.delete('content-encoding');
        headers.set('content-length', String(body.byteLength));
        return requestParser(new fetchAPI.Request(compressed.url, { method: compressed.method, headers, body: new Uint8Array(body) }));
      });
    },
  };
}
