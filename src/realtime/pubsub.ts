import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { EventMap, EventName } from './events.ts';

/** An event as its publisher describes it; the bus stamps its id and time. */
export type NewEvent<K extends EventName> = Omit<EventMap[K], 'eventId' | 'changedAt'> & { changedAt?: string };

export interface EventListener<E> {
  next(event: E): void;
  /** The bus is closing: no more events will come. */
  complete(): void;
}

/** Sees an event as it is published, with its id and time. */
export type PublishObserver = <K extends EventName>(name: K, event: EventMap[K]) => void;

export interface EventBus {
  /** Call only after the write that caused the event has committed. */
  publish<K extends EventName>(name: K, event: NewEvent<K>): void;
  /**
   * Hands `observer` every event published by this instance (not those heard from others through
   * Redis): for what must happen once per event, however many instances listen, such as webhooks.
   */
  observe(observer: PublishObserver): () => void;
  /** Hands `listener` the events of one kind for one business until the function returned is called. */
  listen<K extends EventName>(name: K, businessId: string, listener: EventListener<EventMap[K]>): () => void;
  /** Open listeners in this process for the events subscriptions deliver (to prove none leak); each subscription has one. */
  activeSubscriptions(): number;
  /** Whether events reach the other instances: Redis answers a PING (always true in-process). */
  connected(): Promise<boolean>;
  /** Completes every listener and closes Redis. */
  close(): Promise<void>;
}

// Events a subscription watches beside the one it delivers (its subscriber's membership).
const watchEvents: ReadonlySet<EventName> = new Set(['membershipChanged']);

/** What carries events: in this process, or through Redis to every instance (the same channels yoga's pub/sub used). */
interface Transport {
  addEventListener(topic: string, callback: (event: CustomEvent) => void): void;
  removeEventListener(topic: string, callback: (event: CustomEvent) => void): void;
  dispatchEvent(event: CustomEvent): boolean;
}

type AnyListener = EventListener<EventMap[EventName]>;

/**
 * In-process by default; through Redis when a URL is given, so all instances see every event.
 * Every topic is keyed by business, so a listener only ever hears one tenant's events. The
 * transport calls one function per topic, which hands the event to this process's listeners.
 */
export async function createEventBus({ redisUrl, channelPrefix, logger }: { redisUrl?: string; channelPrefix: string; logger: Logger }): Promise<EventBus> {
  // The Redis client is loaded only when Redis is configured.
  const redis = redisUrl ? (await import('./redis-clients.ts')).createRedisClients(redisUrl, channelPrefix, logger) : undefined;
  const transport = (
    redis
      ? (await import('@graphql-yoga/redis-event-target')).createRedisEventTarget({ publishClient: redis.publishClient, subscribeClient: redis.subscribeClient } as never)
      : new EventTarget()
  ) as unknown as Transport;
  const topics = new Map<string, Set<AnyListener>>();
  const observers = new Set<PublishObserver>();
  let open = 0;
  let closing: Promise<void> | undefined;

  const deliver = (event: CustomEvent) => {
    const listeners = topics.get(event.type);
    if (listeners) for (const listener of listeners) listener.next(event.detail);
  };

  return {
    publish(name, event) {
      const full = { changedAt: new Date().toISOString(), ...event, eventId: randomUUID() };
      transport.dispatchEvent(new CustomEvent(`${name}:${event.businessId}`, { detail: full }));
      for (const observer of observers) {
        try {
          observer(name, full as EventMap[typeof name]);
        } catch (error) {
          // The write is done and announced: an observer's fault is its own.
          logger.error({ err: error, event: name }, 'an event observer failed');
        }
      }
    },
    observe(observer) {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    listen(name, businessId, listener) {
      const topic = `${name}:${businessId}`;
      let listeners = topics.get(topic);
      if (!listeners) {
        topics.set(topic, (listeners = new Set()));
        transport.addEventListener(topic, deliver);
      }
      listeners.add(listener as AnyListener);
      const counted = !watchEvents.has(name);
      if (counted) open++;
      let listening = true;
      return () => {
        if (!listening) return;
        listening = false;
        if (counted) open--;
        listeners.delete(listener as AnyListener);
        if (listeners.size === 0 && topics.get(topic) === listeners) {
          topics.delete(topic);
          // Unsubscribing waits for Redis, which may be away; the listener is done either way.
          transport.removeEventListener(topic, deliver);
        }
      };
    },
    activeSubscriptions: () => open,
    connected: async () => (redis ? redis.ping() : true),
    close() {
      closing ??= (async () => {
        for (const listeners of [...topics.values()]) for (const listener of [...listeners]) listener.complete();
        await redis?.close();
      })();
      return closing;
    },
  };
}
