import { Redis } from 'ioredis';
import { settleWithin } from '../deadline.ts';
import type { Logger } from '../logger.ts';

const QUIT_TIMEOUT_MS = 1_000;

/**
 * The two Redis connections the event target needs. Redis being away must never crash the
 * server: ioredis reconnects (and re-subscribes) on its own, and every command's failure is
 * logged instead of becoming an unhandled rejection.
 */
export function createRedisClients(redisUrl: string, channelPrefix: string, logger: Logger) {
  const options = {
    // A publish waits through a short blip; after that the event is dropped and logged.
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
    lazyConnect: false,
  };
  const publisher = new Redis(redisUrl, { ...options, connectionName: 'herald-publish' });
  // SUBSCRIBE must wait however long Redis is away: ioredis re-subscribes after a reconnect only to
  // channels it had joined, so a dropped SUBSCRIBE would lose the channel for good.
  const subscriber = new Redis(redisUrl, { ...options, maxRetriesPerRequest: null, connectionName: 'herald-subscribe' });

  for (const [role, client] of [
    ['publish', publisher],
    ['subscribe', subscriber],
  ] as const) {
    let healthy = true;
    client.on('error', (error) => {
      if (healthy) logger.error({ err: error, role }, 'Redis connection lost; events from other instances are paused');
      healthy = false;
    });
    client.on('ready', () => {
      if (!healthy) logger.info({ role }, 'Redis connection restored');
      healthy = true;
    });
  }

  let closing = false;
  // Commands cut off by our own shutdown are not failures worth a line.
  const logFailure = (action: string) => (error: unknown) => {
    if (!closing) logger.error({ err: error, action }, 'Redis command failed');
  };
  // Channels carry the deployment's prefix, so deployments sharing a Redis do not hear each other.
  const prefixed = (channel: string) => `${channelPrefix}:${channel}`;

  return {
    publishClient: {
      publish: (channel: string, message: string) => publisher.publish(prefixed(channel), message).catch(logFailure(`publish ${channel}`)),
    },
    subscribeClient: {
      on: (event: 'message', listener: (channel: string, message: string) => void) =>
        subscriber.on(event, (channel: string, message: string) => {
          if (channel.startsWith(`${channelPrefix}:`)) listener(channel.slice(channelPrefix.length + 1), message);
        }),
      subscribe: (channel: string) => subscriber.subscribe(prefixed(channel)).catch(logFailure(`subscribe ${channel}`)),
      unsubscribe: (channel: string) => subscriber.unsubscribe(prefixed(channel)).catch(logFailure(`unsubscribe ${channel}`)),
    },
    /** Both connections up and Redis answering. */
    async ping(): Promise<boolean> {
      if (publisher.status !== 'ready' || subscriber.status !== 'ready') return false;
      return publisher.ping().then(
        () => true,
        () => false,
      );
    },
    async close() {
      closing = true;
      // QUIT waits for Redis to answer; when it is away, give up after a moment and drop the sockets.
      await settleWithin(Promise.allSettled([publisher.quit(), subscriber.quit()]), QUIT_TIMEOUT_MS);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
