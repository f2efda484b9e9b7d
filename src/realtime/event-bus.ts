import { randomUUID } from 'node:crypto';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import type { EventMap, EventName } from './events.ts';
import { createRedisClients } from './redis-clients.ts';

export type NewEvent<K extends EventName> = Omit<EventMap[K], 'eventId' | 'changedAt'> & { changedAt?: string };

export interface EventBus {
  /** Call only after the write that caused the event has committed. */
  publish<K extends EventName>(name: K, event: NewEvent<K>): void;
  /** Events of one kind for one business, until the iterator is returned. */
  subscribe<K extends EventName>(name: K, businessId: string): AsyncIterableIterator<EventMap[K]>;
  /** Open subscriptions in this process (to prove none leak). */
  activeSubscriptions(): number;
  /** Completes every open subscription and closes Redis. */
  close(): Promise<void>;
}

/** In-process by default; through Redis when a URL is given, so all instances see every event. */
export function createEventBus({ redisUrl, logger }: { redisUrl?: string; logger: Logger }): EventBus {
  const redis = redisUrl ? createRedisClients(redisUrl, logger) : undefined;
  const pubsub = createPubSub<Record<string, [unknown]>>(
    redis ? { eventTarget: createRedisEventTarget({ publishClient: redis.publishClient, subscribeClient: redis.subscribeClient } as never) } : {},
  );
  const open = new Set<AsyncIterableIterator<unknown>>();

  return {
    publish(name, event) {
      const full = { changedAt: new Date().toISOString(), ...event, eventId: randomUUID() };
      pubsub.publish(`${name}:${event.businessId}`, full);
    },
    subscribe<K extends EventName>(name: K, businessId: string) {
      const source = pubsub.subscribe(`${name}:${businessId}`) as AsyncIterableIterator<EventMap[K]>;
      // Counted from the first pull, like the event listener itself, which the lazy source only
      // attaches then: an iterator returned before it ever started holds nothing.
      const release = () => open.delete(iterator);
      const iterator: AsyncIterableIterator<EventMap[K]> = {
        next: () => {
          open.add(iterator);
          return source.next().then((result) => {
            if (result.done) release();
            return result;
          });
        },
        return: (value?: unknown) => {
          release();
          return source.return ? source.return(value as never) : Promise.resolve({ done: true, value: undefined });
        },
        throw: (error?: unknown) => {
          release();
          return source.throw ? source.throw(error) : Promise.reject(error);
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
    activeSubscriptions: () => open.size,
    async close() {
      await Promise.all([...open].map((iterator) => iterator.return?.()));
      await redis?.close();
    },
  };
}
