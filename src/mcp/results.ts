import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError, BudgetExceededError, InvalidTransitionError, RateLimitedError, ValidationError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/** A tool's answer: JSON text for any client, and the same object as structured content. */
export function toolResult(value: Record<string, unknown>): CallToolResult {
  const json = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(json) }], structuredContent: json };
}

/**
 * An expected failure as the tool's error result, with its stable code and the details GraphQL's
 * error types carry; anything else is logged and masked, as GraphQL masks it.
 */
export function describeError(error: unknown, logger: Logger, context: Record<string, unknown>) {
  if (!(error instanceof AppError)) {
    logger.error({ err: error, ...context }, 'unexpected error while serving an MCP request');
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' };
  }
  return {
    code: error.code,
    message: error.message,
    // Tool arguments are the mutation's `input` fields, flattened: paths start below it.
    ...(error instanceof ValidationError
      ? { fieldErrors: error.fieldErrors.map(({ path, message }) => ({ path: path[0] === 'input' ? path.slice(1) : path, message })) }
      : {}),
    ...(error instanceof InvalidTransitionError ? { from: error.from, to: error.to, allowed: error.allowed } : {}),
    ...(error instanceof RateLimitedError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    ...(error instanceof BudgetExceededError ? { budgetUsd: error.budgetUsd, spentUsd: error.spentUsd, reservedUsd: error.reservedUsd } : {}),
  };
}

export function errorResult(error: ReturnType<typeof describeError>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error }) }], structuredContent: { error } };
}
