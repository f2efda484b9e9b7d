import type { Plugin } from 'graphql-yoga';
import { bodyEncodingOf, readBodyWithin, UNSUPPORTED_ENCODING_MESSAGE } from '../request-encoding.ts';
import { closingConnection } from './body-size-limit.ts';
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
        const read = await readBodyWithin(compressed.body!, { declaredLength: compressed.headers.get('content-length'), encoding, maxBytes });
        if ('refused' in read) {
          const error = refusal('BAD_USER_INPUT', read.message);
          // Past the limit the client may still be sending: its connection closes after the answer.
          throw read.refused === 'not gzip' ? error : closingConnection(error);
        }
        const headers = new fetchAPI.Headers(compressed.headers);
        headers.delete('content-encoding');
        headers.set('content-length', String(read.body.byteLength));
        return requestParser(new fetchAPI.Request(compressed.url, { method: compressed.method, headers, body: new Uint8Array(read.body) }));
      });
    },
  };
}
