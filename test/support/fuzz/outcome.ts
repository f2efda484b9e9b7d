import type { Transport } from './operation.ts';

export interface GraphQLErrorLike {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown };
}

/** A GraphQL response as the checks see it: an HTTP body, a graphql-ws `next` payload, or an `error` message's errors. */
export interface GraphQLResultLike {
  data?: unknown;
  errors?: GraphQLErrorLike[];
}

/** Everything the server sent back for one operation, and the SQL it ran meanwhile. */
export interface Outcome {
  transport: Transport;
  /** HTTP status, or the status of a refused WebSocket upgrade. */
  status?: number;
  /** Every byte the server sent: the HTTP body, or each WebSocket message and the close reason. */
  texts: string[];
  /** Responses to the operation itself (for WebSocket: those that came after its frames were sent). */
  results: GraphQLResultLike[];
  /** All responses, set-up and later events included. */
  allResults: GraphQLResultLike[];
  close?: { code: number; reason: string };
  /** WebSocket subscriptions the server accepted. */
  accepted: number;
  transportError?: string;
  sql: string[];
  durationMs: number;
}

/** The GraphQL result(s) in a body or a message, if it holds any. */
export function resultsIn(text: string, from: 'http' | 'ws'): GraphQLResultLike[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  if (from === 'http') {
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((item): item is GraphQLResultLike => typeof item === 'object' && item !== null && ('data' in item || 'errors' in item));
  }
  const message = parsed as { type?: unknown; payload?: unknown };
  if (message.type === 'next' && typeof message.payload === 'object' && message.payload !== null) return [message.payload as GraphQLResultLike];
  if (message.type === 'error' && Array.isArray(message.payload)) return [{ errors: message.payload as GraphQLErrorLike[] }];
  return [];
}

export const errorCode = (error: GraphQLErrorLike): string => (typeof error.extensions?.code === 'string' ? error.extensions.code : '(none)');
