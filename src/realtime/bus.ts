import type { Logger } from '../logger.ts';
import { createEventBus, type EventBus, type NewEvent } from './event-bus.ts';
import type { EventMap, EventName } from './events.ts';

// The process-wide event bus, opened by the server. Scripts that run without it (the seed)
// simply publish nothing.
let current: EventBus | undefined;

export function openEventBus(options: { redisUrl?: string; logger: Logger }): EventBus {
  current = createEventBus(options);
  return current;
}

export async function closeEventBus(): Promise<void> {
  const bus = current;
  current = undefined;
  await bus?.close();
}

/** Publishes an event; call only after the write that caused it has committed. */
export function publishEvent<K extends EventName>(name: K, event: NewEvent<K>): void {
  current?.publish(name, event);
}

export function subscribeToEvents<K extends EventName>(name: K, businessId: string): AsyncIterableIterator<EventMap[K]> {
  if (!current) throw new Error('The event bus is not open');
  return current.subscribe(name, businessId);
}

export const activeSubscriptions = () => current?.activeSubscriptions() ?? 0;
