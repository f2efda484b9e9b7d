// Expected failures, independent of GraphQL: services throw these, the schema exposes them as
// typed results (mutations) or coded errors (queries).

export const errorCodes = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CONFLICT',
  'RATE_LIMITED',
  'BUDGET_EXCEEDED',
  'AI_PROVIDER_ERROR',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
}

export interface FieldError {
  path: string[];
  message: string;
}

export class ValidationError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Invalid input: ${fieldErrors.map((e) => `${e.path.join('.') || 'input'}: ${e.message}`).join('; ')}`);
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'You must be signed in') {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'You may not do that') {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
}

export class InvalidTransitionError extends AppError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
    reason?: string,
  ) {
    super(
      reason ??
        `${entity} cannot move from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    );
  }
}

export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} s`);
  }
}

export class BudgetExceededError extends AppError {
  readonly code = 'BUDGET_EXCEEDED';
  constructor(
    readonly budgetUsd: number,
    readonly spentUsd: number,
    /** Held by calls in progress: released (what they did not cost) when they finish. */
    readonly reservedUsd = 0,
    /** The most the refused call could have cost. */
    callUsd = 0,
  ) {
    const money = (usd: number) => `$${usd.toFixed(2)}`;
    super(
      spentUsd >= budgetUsd
        ? `This business has used its monthly AI budget (${money(spentUsd)} of ${money(budgetUsd)})`
        : reservedUsd > 0
          ? `This business's monthly AI budget is held by calls in progress (${money(spentUsd)} spent and ${money(reservedUsd)} held, of ${money(budgetUsd)}); retry when they finish`
          : `This call could cost up to ${money(callUsd)}, more than is left of this business's monthly AI budget (${money(spentUsd)} spent of ${money(budgetUsd)})`,
    );
  }
}

export class AiProviderFailedError extends AppError {
  readonly code = 'AI_PROVIDER_ERROR';
}
