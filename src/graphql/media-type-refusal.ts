import type { Plugin } from 'graphql-yoga';
import { closingConnection } from './body-size-limit.ts';
import { refusal } from './refusal.ts';

/**
 * A request no parser reads is a 415 (a POST of text/plain, say) or a 405 (a PUT) with a code and
 * a message, where yoga answers an empty 415. Unread, so the connection cannot carry another request.
 */
export function useMediaTypeRefusal(): Plugin {
  return {
    onRequestParse({ request, requestParser }) {
      if (!requestParser && request.method !== 'GET' && request.method !== 'POST') {
        throw closingConnection(refusal('METHOD_NOT_ALLOWED', `This endpoint does not take ${request.method}: send GraphQL requests with POST (or GET for queries).`, {}, { allow: 'GET, POST' }));
      }
      if (!requestParser) {
        throw closingConnection(
          refusal('UNSUPPORTED_MEDIA_TYPE', 'This endpoint reads a GraphQL request as JSON: send it with Content-Type: application/json (or as a GET query string).'),
        );
      }
    },
  };
}
