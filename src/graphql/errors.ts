import {
  AiProviderFailedError,
  AppError,
  BudgetExceededError,
  ConflictError,
  errorCodes,
  type FieldError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../domain/errors.ts';
import { builder } from './builder.ts';

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: errorCodes });

const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  description: 'An expected failure. Switch on `code`; `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
  }),
});

const FieldErrorRef = builder.simpleObject('FieldError', {
  fields: (t) => ({
    path: t.stringList({ description: 'Path of the offending input field, e.g. ["input", "name"]' }),
    message: t.string(),
  }),
});

/** What every error type shares: it implements Error and is recognised by its class. */
const asErrorType = (errorClass: abstract new (...args: never[]) => AppError) => ({
  interfaces: [ErrorInterface],
  isTypeOf: (value: unknown) => value instanceof errorClass,
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  ...asErrorType(ValidationError),
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error): FieldError[] => error.fieldErrors }),
  }),
});
builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  ...asErrorType(InvalidTransitionError),
  fields: (t) => ({ from: t.exposeString('from'), to: t.exposeString('to'), allowed: t.exposeStringList('allowed') }),
});
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  ...asErrorType(RateLimitedError),
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});
builder.objectType(BudgetExceededError, {
  name: 'BudgetExceededError',
  ...asErrorType(BudgetExceededError),
  fields: (t) => ({
    budgetUsd: t.exposeFloat('budgetUsd'),
    spentUsd: t.exposeFloat('spentUsd'),
    reservedUsd: t.exposeFloat('reservedUsd', { description: 'Held by calls in progress; what they do not cost is released when they finish.' }),
  }),
});
builder.objectType(UnauthenticatedError, { name: 'UnauthenticatedError', ...asErrorType(UnauthenticatedError) });
builder.objectType(ForbiddenError, { name: 'ForbiddenError', ...asErrorType(ForbiddenError) });
builder.objectType(NotFoundError, { name: 'NotFoundError', ...asErrorType(NotFoundError) });
builder.objectType(ConflictError, { name: 'ConflictError', ...asErrorType(ConflictError) });
builder.objectType(AiProviderFailedError, { name: 'AiProviderError', ...asErrorType(AiProviderFailedError) });
