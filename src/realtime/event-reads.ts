// A change published to a thousand subscribers would otherwise be read back a thousand times:
// each subscription re-reads the row it is about, with its own selection, through its viewer's
// tenancy. Reads are shared by event, viewer and selection for the moment the deliveries take.

const RETAIN_MS = 2_000;

export interface EventReads {
  /** The result of `read`, run once per key while deliveries of the event are under way. */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export function createEventReads(): EventReads {
  const reads = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, read: () => Promise<T>) {
      const shared = reads.get(key) as Promise<T> | undefined;
      if (shared) return shared;
      const pending = read();
      reads.set(key, pending);
      const forget = () => setTimeout(() => reads.delete(key), RETAIN_MS).unref();
      pending.then(forget, forget);
      return pending;
    },
  };
}
