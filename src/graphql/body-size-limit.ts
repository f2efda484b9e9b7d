import type { Plugin } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { overLimitMessage } from '../request-encoding.ts';
import { refusal } from './refusal.ts';

/**
 * Refuses request bodies over the limit, naming it. A declared length settles it: Node's HTTP
 * parser hands over exactly that many bytes, so the body is read as is. Only a body of undeclared
 * length (chunked) is counted as it streams in. This replaces yoga's own limit, which pipes every
 * body through a counting stream (a few percent of a small query's CPU).
 */
export function useBodySizeLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared)) {
        if (Number(declared) > maxBytes) throw closingConnection(refusal('BAD_USER_INPUT', `The request body is ${declared} bytes; the limit is ${maxBytes}.`));
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((undeclared) => {
        let size = 0;
        // The stream class of the body's own kind: a native body does not pipe into a ponyfill.
        const Counter = undeclared.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
        const counted = undeclared.body!.pipeThrough(
          new Counter<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              size += chunk.byteLength;
              if (size > maxBytes) return controller.error(overLimit(maxBytes));
              controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(new fetchAPI.Request(undeclared.url, { method: undeclared.method, headers: undeclared.headers, body: counted, duplex: 'half' } as RequestInit));
      });
    },
  };
}

function overLimit(maxBytes: number) {
  return closingConnection(refusal('BAD_USER_INPUT', overLimitMessage(maxBytes)));
}

/**
 * The body of a refused request stays unread, so its connection cannot carry another request: it
 * closes after the answer. Kept open, Node drains what is left of the body first: for a chunked
 * body, forever; for a declared one, until as many bytes as it declared came, so a client whose
 * body is shorter than its Content-Length (or that gave up on it) has its next request on the
 * connection read as that body, and waits forever.
 */
export function closingConnection(error: GraphQLError): GraphQLError {
  const http = error.extensions.http as { headers?: Record<string, string> };
  http.headers = { ...http.headers, connection: 'close' };
  return error;
}
