import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

// Values under these keys never reach a log line, whatever object is logged.
const secretKeys = ['password', 'passwordHash', 'token', 'authorization', 'apiKey', 'secret', 'prompt'];

export const createLogger = (level: string, destination?: pino.DestinationStream) =>
  pino(
    {
      level,
      base: { service: 'herald' },
      redact: { paths: secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: '[redacted]' },
    },
    destination,
  );
export type Logger = ReturnType<typeof createLogger>;

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** Runs the handling of one request (or WebSocket operation) under its id. */
export const withRequestId = <T>(requestId: string, handle: () => T): T => requests.run({ requestId }, handle);

/** The id of the request being handled, for log lines written deep inside it. */
export const currentRequestId = (): string | undefined => requests.getStore()?.requestId;
