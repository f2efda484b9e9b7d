import { describe, expect, it } from 'vitest';
import { createEventStream, FellBehindError, MAX_QUEUED_EVENTS } from '../src/realtime/event-stream.ts';
import { createSessionWatch } from '../src/realtime/session-guard.ts';

// The pieces a subscription is made of, below GraphQL: its event queue and the session watch.
// test/subscriptions.test.ts and test/sessions.test.ts cover them end to end.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream whose source counts its starts and stops. */
function counted() {
  const source = { starts: 0, stops: 0 };
  const stream = createEventStream<number | 'last'>(() => {
    source.starts++;
    return () => source.stops++;
  });
  return { stream, source };
}

describe('event stream', () => {
  it('starts its source at the first pull, so one returned unread holds nothing', async () => {
    const { stream, source } = counted();
    expect(source.starts).toBe(0);
    await stream.return!();
    expect(source).toEqual({ starts: 0, stops: 0 });
  });

  it('hands over events in order, whether the consumer waits or catches up', async () => {
    const { stream } = counted();
    const first = stream.next();
    stream.push(1);
    stream.push(2);
    stream.push(3);
    expect(await first).toEqual({ done: false, value: 1 });
    expect(await stream.next()).toEqual({ done: false, value: 2 });
    expect(await stream.next()).toEqual({ done: false, value: 3 });
  });

  it('ends after what is queued and a last value, stopping its source once', async () => {
    const { stream, source } = counted();
    const first = stream.next();
    stream.push(1);
    stream.push(2);
    stream.end('last');
    stream.push(3);
    stream.end();
    const values = [await first, await stream.next(), await stream.next(), await stream.next()];
    expect(values).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: false, value: 'last' },
      { done: true, value: undefined },
    ]);
    expect(source).toEqual({ starts: 1, stops: 1 });
  });

  it('lets a waiting consumer go when its source ends it, and when it is returned', async () => {
    const { stream, source } = counted();
    const waiting = stream.next();
    stream.end();
    expect(await waiting).toEqual({ done: true, value: undefined });
    const other = counted();
    const pending = other.stream.next();
    await other.stream.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect([source.stops, other.source.stops]).toEqual([1, 1]);
  });

  it('stops a source that ends the stream while starting', async () => {
    let stops = 0;
    const stream = createEventStream<string>((own) => {
      own.end('over');
      return () => stops++;
    });
    expect(await stream.next()).toEqual({ done: false, value: 'over' });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(stops).toBe(1);
  });

  it(`cuts off a consumer more than ${MAX_QUEUED_EVENTS} events behind`, async () => {
    const { stream, source } = counted();
    const first = stream.next();
    stream.push(0);
    expect(await first).toEqual({ done: false, value: 0 });
    for (let i = 1; i <= MAX_QUEUED_EVENTS + 1; i++) stream.push(i);
    expect(source.stops).toBe(1);
    await expect(stream.next()).rejects.toBeInstanceOf(FellBehindError);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});

describe('session watch', () => {
  it('ends a session when its token expires', async () => {
    const watch = createSessionWatch({ isActive: async () => true, checkEveryMs: 60_000 });
    const ended: string[] = [];
    watch.watch({ userId: 'u', expiresAt: new Date(Date.now() + 30) }, () => ended.push('soon'));
    watch.watch({ userId: 'u', expiresAt: new Date(Date.now() + 60_000) }, () => ended.push('later'));
    watch.watch({ userId: 'u', expiresAt: new Date(Date.now() - 1) }, () => ended.push('already'));
    expect(ended).toEqual(['already']);
    await pause(80);
    expect(ended).toEqual(['already', 'soon']);
  });

  it("checks each user once per interval however many subscriptions they hold, and ends only a deactivated user's", async () => {
    const checks: string[] = [];
    const active = new Map([
      ['alice', true],
      ['bob', true],
    ]);
    const watch = createSessionWatch({
      isActive: async (userId) => (checks.push(userId), active.get(userId)!),
      checkEveryMs: 40,
    });
    const ended: string[] = [];
    const expiresAt = new Date(Date.now() + 60_000);
    for (let i = 0; i < 100; i++) watch.watch({ userId: 'alice', expiresAt }, () => ended.push('alice'));
    const stopBob = watch.watch({ userId: 'bob', expiresAt }, () => ended.push('bob'));
    await pause(100);
    // Per subscription it would be a hundred checks of alice per interval.
    const aliceChecks = checks.filter((userId) => userId === 'alice').length;
    expect(aliceChecks).toBeGreaterThanOrEqual(1);
    expect(aliceChecks).toBeLessThan(10);
    expect(checks).toContain('bob');
    stopBob();
    active.set('alice', false);
    active.set('bob', false);
    await pause(100);
    expect(ended).toEqual(Array(100).fill('alice'));
    checks.length = 0;
    await pause(100);
    // Nobody is left to watch, so nothing is checked any more.
    expect(checks).toEqual([]);
  });
});
