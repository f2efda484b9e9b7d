import type { Plugin } from 'graphql-yoga';
import { closingConnection } from './body-size-limit.ts';
import { refusal } from './refusal.ts';

/**
 * A request no parser reads (a POST of text/plain, say) is a 415 with a code and a message, where
 * yoga answers an empty 415. Unread, so the connection cannot carry another request.
 */
export function useMediaTypeRefusal(): Plugin {
  return {
    onRequestParse({ requestParser }) {
      if (!requestParser) {
        throw closingConnection(
          refusal('UNSUPPORTED_MEDIA_TYPE', 'This endpoint reads a GraphQL request as JSON: send it with Content-Type: application/json (or as a GET query string).'),
        );
      }
    },
  };
}
