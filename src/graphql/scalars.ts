import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

// Dates far outside anything Herald plans or measures are typos or probes (year 0001 analytics).
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const MAX_JSON_DEPTH = 10;

function checkDate(date: Date): Date {
  if (date.getTime() < EARLIEST || date.getTime() >= LATEST) throw new GraphQLError('DateTime must be between 1970-01-01 and 2100-01-01');
  return date;
}

/** ISO 8601 date-times between 1970 and 2100. */
export const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => checkDate(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables) => checkDate(DateTimeResolver.parseLiteral(ast, variables) as Date),
});

/**
 * What makes a JSON value unfit, or null: nesting past the limit, or a key `__proto__`. JSON.parse
 * makes that an ordinary key, but most code that copies the value (zod's records, Object.assign,
 * an assignment per key) drops it or sets the copy's prototype with it: refused, not lost.
 */
function jsonProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_JSON_DEPTH) return `JSON must be nested at most ${MAX_JSON_DEPTH} levels deep`;
    if (item && typeof item === 'object') {
      if (Object.hasOwn(item, '__proto__')) return 'JSON must not have a key "__proto__"';
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return null;
}

function checkJson(value: unknown): unknown {
  const problem = jsonProblem(value);
  if (problem) throw new GraphQLError(problem);
  return value;
}

/** Any JSON value, bounded in depth (sizes are the fields' own rules, within the request body limit). */
export const JSONValue = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseValue: (value) => checkJson(JSONResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables) => checkJson(JSONResolver.parseLiteral(ast, variables)),
});
