import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEventTarget, Repeater } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import type { EventMap, EventName } from './events.ts';
import { createRedisClients } from './redis-clients.ts';

/** An event as its publisher describes it; the bus stamps its id and time. */
export type NewEvent<K extends EventName> = Omit<EventMap[K], 'eventId' | 'changedAt'> & { changedAt?: string };

/** Every topic is keyed by business, so a subscriber only ever hears one tenant's events. */
type Topics = { [K in EventName]: [businessId: string, event: EventMap[K]] };

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
export function createEventBus({ redisUrl, channelPrefix, logger }: { redisUrl?: string; channelPrefix: string; logger: Logger }): EventBus {
  const redis = redisUrl ? createRedisClients(redisUrl, channelPrefix, logger) : undefined;
  const eventTarget = redis
    ? (createRedisEventTarget({ publishClient: redis.publishClient, subscribeClient: redis.subscribeClient } as never) as PubSubEventTarget<Topics>)
    : inProcessTarget();
  const pubsub = createPubSub<Topics>({ eventTarget });
  const open = new Set<() => void>();
  let closing: Promise<void> | undefined;

  return {
    publish(name, event) {
      const full = { changedAt: new Date().toISOString(), ...event, eventId: randomUUID() } as EventMap[typeof name];
      pubsub.publish(name, event.businessId, full as never);
    },
    subscribe<K extends EventName>(name: K, businessId: string) {
      // Counted from the first pull, like the event listener itself, which the lazy source only
      // attaches then: an iterator returned before it ever started holds nothing.
      return new Repeater<EventMap[K]>(async (push, stop) => {
        // The generic key defeats yoga's conditional argument type; any topic takes a business id.
        const source = (pubsub.subscribe as (topic: K, id: string) => AsyncIterableIterator<EventMap[K]>)(name, businessId);
        const close = () => stop();
        open.add(close);
        const stopped = stop.then(() => ({ done: true as const, value: undefined }));
        try {
          for (;;) {
            const next = await Promise.race([source.next(), stopped]);
            if (next.done) break;
            await push(next.value);
          }
        } finally {
          open.delete(close);
          stop();
          // Not awaited: unsubscribing waits for Redis, which may be away; the subscriber is done.
          void source.return?.();
        }
      });
    },
    activeSubscriptions: () => open.size,
    close() {
      closing ??= (async () => {
        for (const close of open) close();
        await redis?.close();
      })();
      return closing;
    },
  };
}

/** Many clients watching one business is the normal case, not a leak: no listener cap to warn at. */
function inProcessTarget(): PubSubEventTarget<Topics> {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target as unknown as PubSubEventTarget<Topics>;
}
