import { normalizedExecutor } from '@graphql-tools/executor';
import { type ExecutionArgs, type ExecutionResult, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subscribeSharing } from '../src/graphql/shared-event-execution.ts';
import { createEventStream, type EventStream } from '../src/realtime/event-stream.ts';

// A subscription event is executed once per group of subscribers who would get the same answer
// (document, variables, viewer), and never answered through another viewer's context.

type Tick = { n: number } | symbol;

function testSchema() {
  const streams: EventStream<Tick>[] = [];
  const executions: string[] = [];
  const TickType = new GraphQLObjectType<{ n: number }, { viewer: { id: string } }>({
    name: 'Tick',
    fields: {
      n: { type: new GraphQLNonNull(GraphQLInt), resolve: (tick) => tick.n },
      seenBy: {
        type: new GraphQLNonNull(GraphQLString),
        args: { label: { type: GraphQLString } },
        resolve: (_tick, { label }, ctx) => (executions.push(ctx.viewer.id), `${label ?? ''}${ctx.viewer.id}`),
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: TickType,
          args: { fail: { type: GraphQLInt } },
          subscribe: (_root, { fail }) => {
            if (fail) throw new Error('refused');
            const stream = createEventStream<Tick>(() => () => undefined);
            streams.push(stream);
            return stream;
          },
          resolve: (tick: Tick) => {
            if (typeof tick === 'symbol') throw new Error('ended');
            return tick;
          },
        },
      },
    }),
  });
  return { schema, streams, executions };
}

const document = parse('subscription($label: String) { tick { n seenBy(label: $label) } }');
const fallback = (args: ExecutionArgs) => normalizedExecutor(args);

async function subscribeAs(schema: GraphQLSchema, viewerId: string, variableValues: Record<string, unknown> = {}) {
  const result = await subscribeSharing({ schema, document, variableValues, contextValue: { viewer: { id: viewerId, role: 'USER' } } }, fallback);
  return (result as AsyncIterableIterator<ExecutionResult>)[Symbol.asyncIterator]();
}

describe('shared event execution', () => {
  it('executes an event once per document, variables and viewer, and shares the result', async () => {
    const { schema, streams, executions } = testSchema();
    const subscribers = [await subscribeAs(schema, 'alice'), await subscribeAs(schema, 'alice'), await subscribeAs(schema, 'bob'), await subscribeAs(schema, 'alice', { label: 'x' })];
    const pulls = subscribers.map((subscriber) => subscriber.next());
    const event = { n: 1 };
    for (const stream of streams) stream.push(event);
    const results = (await Promise.all(pulls)).map((pulled) => pulled.value as ExecutionResult);
    expect(results.map((result) => result.data)).toEqual([
      { tick: { n: 1, seenBy: 'alice' } },
      { tick: { n: 1, seenBy: 'alice' } },
      { tick: { n: 1, seenBy: 'bob' } },
      { tick: { n: 1, seenBy: 'xalice' } },
    ]);
    expect(results[0]).toBe(results[1]);
    expect(executions.sort()).toEqual(['alice', 'alice', 'bob']);
    for (const subscriber of subscribers) await subscriber.return!();
  });

  it('executes a marker that is not an event object for each subscriber', async () => {
    const { schema, streams } = testSchema();
    const subscribers = [await subscribeAs(schema, 'alice'), await subscribeAs(schema, 'alice')];
    const pulls = subscribers.map((subscriber) => subscriber.next());
    const ended = Symbol('ended');
    for (const stream of streams) stream.push(ended);
    const results = (await Promise.all(pulls)).map((pulled) => pulled.value as ExecutionResult);
    expect(results.map((result) => result.errors?.[0]?.message)).toEqual(['ended', 'ended']);
    expect(results[0]).not.toBe(results[1]);
  });

  it('answers refused arguments and a refusing subscribe resolver like the executor does', async () => {
    const { schema } = testSchema();
    const badVariable = await subscribeSharing({ schema, document, variableValues: { label: 5 }, contextValue: {} }, fallback);
    expect((badVariable as ExecutionResult).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const refused = await subscribeSharing({ schema, document: parse('subscription { tick(fail: 1) { n } }'), contextValue: {} }, fallback);
    expect((refused as ExecutionResult).errors?.[0]).toMatchObject({ message: 'refused', path: ['tick'] });
  });
});
