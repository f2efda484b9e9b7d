import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type NodeLimits, useNodeLimit } from './query-cost.ts';
import { refusal } from './refusal.ts';
import { pageSize } from '../domain/fields.ts';

/**
 * Limits checked before anything runs, so one request cannot make the server walk an unbounded
 * graph (content → campaign → business → campaigns → …) or parse an endless document. They
 * leave room for a dashboard of businesses → campaigns → contents → latest analytics.
 */
export interface QueryLimits extends NodeLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}

export const defaultQueryLimits = {
  maxDepth: 16,
  maxAliases: 20,
  maxTokens: 3_000,
  maxNodes: 50_000,
  defaultPageSize: pageSize.default,
  maxPageSize: pageSize.max,
  defaultListSize: 20,
  maxNodeIds: 100,
} as const satisfies QueryLimits;

/** Counts a document's tokens, giving up once past `stopAt` (the parser reports syntax errors). */
function countTokens(query: string, stopAt: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && count <= stopAt) count++;
  } catch {
    // a syntax error: parsing reports it
  }
  return count;
}

function useTokenLimit(maxTokens: number): Plugin {
  return {
    onParse({ params }) {
      const query = typeof params.source === 'string' ? params.source : params.source.body;
      // Counting stops far enough past the limit to say how far over it is, not to lex megabytes.
      const tokens = countTokens(query, maxTokens * 10);
      if (tokens > maxTokens) {
        const measured = tokens > maxTokens * 10 ? `more than ${maxTokens * 10}` : String(tokens);
        throw refusal('BAD_USER_INPUT', `The document has ${measured} tokens; the limit is ${maxTokens}.`);
      }
    },
  };
}

const armorMessages: [RegExp, (found: string, limit: string) => string][] = [
  [/^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)\.$/, (found, limit) => `The query is ${found} levels deep; the limit is ${limit}.`],
  [/^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)\.$/, (found, limit) => `The query has ${found} aliases; the limit is ${limit}.`],
];

/** graphql-armor measures; its refusal is re-issued with a code, HTTP 400 and no "Syntax Error:" prefix. */
function reportRefusal(context: ValidationContext | null, error: GraphQLError) {
  for (const [pattern, message] of armorMessages) {
    const match = pattern.exec(error.message);
    if (match) return context?.reportError(refusal('BAD_USER_INPUT', message(match[2], match[1])));
  }
  context?.reportError(refusal('BAD_USER_INPUT', error.message.replace(/^Syntax Error: /, '')));
}

export const queryLimitPlugins = (limits: QueryLimits = defaultQueryLimits): Plugin[] => [
  useTokenLimit(limits.maxTokens),
  maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reportRefusal] }),
  maxAliasesPlugin({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reportRefusal] }),
  useNodeLimit(limits),
];
