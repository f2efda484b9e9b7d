import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { pageInput, parseInput } from '../domain/fields.ts';
import { localIdForRead } from '../graphql/ids.ts';

/** Whom a tool call acts for: a service context, and until when its credential is good (progress follows it). */
export interface McpCallContext extends ServiceContext {
  readonly sessionExpiresAt: Date;
}

export interface ToolCall {
  readonly ctx: McpCallContext;
  /** Tells the client how far the call is, when it asked to hear (a progress token); else does nothing. */
  progress(update: { progress: number; total?: number; message?: string }): Promise<void>;
  /** Aborted when the client cancels the call or goes away. */
  readonly signal: AbortSignal;
}

export interface McpTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Published as the tool's JSON Schema, and what its arguments are parsed with. */
  readonly input: z.ZodObject;
  readonly annotations: ToolAnnotations;
  /** Parses the arguments (BAD_USER_INPUT, paths from the arguments' root) and calls the service. */
  call(call: ToolCall, args: unknown): Promise<Record<string, unknown>>;
}

export function defineTool<S extends z.ZodObject>({
  input,
  run,
  ...about
}: Omit<McpTool, 'call' | 'input'> & { input: S; run: (call: ToolCall, args: z.output<S>) => Promise<Record<string, unknown>> }): McpTool {
  return { ...about, input, call: (call, args) => run(call, parseInput(input, args ?? {}, [])) };
}

export const reads: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const writes: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };
/** Calls the AI provider: paid, and counted against the business's monthly budget. */
export const generates: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

// Arguments shared by the tools. Ids are GraphQL's global IDs; one of another type is NOT_FOUND, as there.

export const idArg = (typename: string) => z.string().min(1).max(500).describe(`A ${typename} ID, as the GraphQL API gives it`);

/** Dates travel as ISO 8601 text; the services take Date objects. */
export const dateTimeArg = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date and time with a time zone, e.g. 2027-03-01T09:00:00Z')
  .transform((value) => new Date(value));

export const pageArgs = {
  first: pageInput.shape.first.describe('Items per page'),
  after: z.string().max(500).nullish().describe('The nextCursor of the previous page'),
};

/** A page as the services take it: a cursor that is not an id of the list's type matches no row (an empty page). */
export const pageOf = ({ first, after }: { first: number; after?: string | null }, typename: string) => ({
  first,
  after: after == null ? null : localIdForRead(after, typename),
});
