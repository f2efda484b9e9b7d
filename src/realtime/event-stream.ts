import { AppError } from '../domain/errors.ts';

/** Events one subscription may leave unread; they wait in memory, so a consumer that stops reading is cut off. */
export const MAX_QUEUED_EVENTS = 1_000;

export class FellBehindError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor() {
    super(`This subscription fell more than ${MAX_QUEUED_EVENTS} events behind and was ended; subscribe again`);
  }
}

export interface EventStream<T> extends AsyncIterableIterator<T> {
  /** Queues a value for the consumer; ignored once the stream is ending. */
  push(value: T): void;
  /** Stops the source; the consumer still reads what is queued, then `last` if one is given, then the end. */
  end(...last: [] | [T]): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscription's events: the bus pushes, one consumer (the executor) pulls. `start` runs at the
 * first pull and returns what stops the source, so an iterator that is never read holds nothing.
 * A delivery to a waiting consumer costs one resolved promise, where a chain of Repeaters cost
 * several per link.
 */
export function createEventStream<T>(start: (stream: EventStream<T>) => () => void): EventStream<T> {
  const queue: T[] = [];
  const waiting: { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void }[] = [];
  let state: 'idle' | 'open' | 'ending' | 'done' = 'idle';
  let stopSource: (() => void) | undefined;
  let failure: FellBehindError | undefined;

  const stop = () => {
    const stopping = stopSource;
    stopSource = undefined;
    stopping?.();
  };
  const finish = () => {
    state = 'done';
    stop();
    queue.length = 0;
    for (const waiter of waiting.splice(0)) waiter.resolve(DONE);
  };

  const stream: EventStream<T> = {
    push(value) {
      if (state !== 'open') return;
      const waiter = waiting.shift();
      if (waiter) return waiter.resolve({ done: false, value });
      if (queue.length < MAX_QUEUED_EVENTS) {
        queue.push(value);
        return;
      }
      // The queue is full, so nobody is waiting: the next pull gets the error.
      failure = new FellBehindError();
      state = 'ending';
      queue.length = 0;
      stop();
    },
    end(...last) {
      if (state === 'ending' || state === 'done') return;
      if (last.length) {
        const waiter = waiting.shift();
        if (waiter) waiter.resolve({ done: false, value: last[0] });
        else queue.push(last[0]);
      }
      state = 'ending';
      stop();
      if (queue.length === 0) finish();
    },
    next() {
      if (state === 'idle') {
        state = 'open';
        const stopper = start(stream);
        // The source may have ended the stream while starting (a session already over).
        if (state === 'open') stopSource = stopper;
        else stopper();
      }
      if (queue.length) return Promise.resolve({ done: false, value: queue.shift()! });
      if (failure) {
        const error = failure;
        failure = undefined;
        finish();
        return Promise.reject(error);
      }
      if (state !== 'open') {
        finish();
        return Promise.resolve(DONE);
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      finish();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
