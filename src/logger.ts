import pino from 'pino';

// Values under these keys never reach a log line, whatever object is logged.
const secretKeys = ['password', 'passwordHash', 'token', 'authorization', 'apiKey', 'secret', 'profileKey', 'prompt'];

/**
 * Errors as pino serialises them, without the connection a driver error hangs on (pg's
 * `error.client`): its state and buffers, kilobytes per line, say nothing about the error.
 */
function serializeError(error: Error) {
  const { client: _connection, ...serialized } = pino.stdSerializers.err(error) as ReturnType<typeof pino.stdSerializers.err> & { client?: unknown };
  return serialized;
}

export const createLogger = (level: string, destination?: pino.DestinationStream) =>
  pino(
    {
      level,
      base: { service: 'herald' },
      serializers: { err: serializeError },
      redact: {
        // ioredis errors carry the failed command, and AUTH's arguments are the Redis password.
        paths: [...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), 'err.command.args', '*.command.args'],
        censor: '[redacted]',
      },
    },
    destination,
  );
export type Logger = ReturnType<typeof createLogger>;
