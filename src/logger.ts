import pino from 'pino';

// Values under these keys never reach a log line, whatever object is logged.
const secretKeys = ['password', 'passwordHash', 'token', 'authorization', 'apiKey', 'secret', 'profileKey', 'prompt'];

export const createLogger = (level: string, destination?: pino.DestinationStream) =>
  pino(
    {
      level,
      base: { service: 'herald' },
      redact: {
        // ioredis errors carry the failed command, and AUTH's arguments are the Redis password.
        paths: [...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), 'err.command.args', '*.command.args'],
        censor: '[redacted]',
      },
    },
    destination,
  );
export type Logger = ReturnType<typeof createLogger>;
