// The subscribers of npm run bench:subscriptions, in a process of their own (pinned to another core
// than the servers) so that receiving does not take CPU from the server under test. Each is a
// graphql-ws client on its own socket, as an app would be. Driven over IPC by subscriber-fleet.ts.
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { FleetReply, FleetRequest, FleetStats } from './fleet-protocol.ts';

interface Event {
  contentStatusChanged: { changedAt: string };
}

let clients: Client[] = [];
let latencies: number[] = [];
let heard = new Set<number>();
let lastReceiveMs = 0;
let failures: string[] = [];

function open({ urls, count, token, query, variables }: Extract<FleetRequest, { cmd: 'open' }>): Promise<number> {
  let connected = 0;
  return new Promise((resolve, rejectOpen) => {
    // After the fleet is open a failure no longer rejects anything: the next stats report it.
    const reject = (error: unknown) => {
      const { code, reason } = (error ?? {}) as { code?: number; reason?: string };
      const failure = error instanceof Error ? error : new Error(code ? `closed with ${code} ${reason ?? ''}` : `failed: ${String(error)}`);
      failures.push(failure.message);
      rejectOpen(failure);
    };
    for (let i = 0; i < count; i++) {
      const client = createClient({
        url: urls[i % urls.length],
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: reject,
        on: { connected: () => ++connected === count && resolve(connected) },
      });
      client.subscribe(
        { query, variables },
        {
          next: ({ data, errors }) => {
            if (errors) return reject(new Error(`subscriber ${i} got errors: ${JSON.stringify(errors)}`));
            lastReceiveMs = Date.now();
            latencies.push(lastReceiveMs - Date.parse((data as unknown as Event).contentStatusChanged.changedAt));
            heard.add(i);
          },
          error: (error) => reject(new Error(`subscriber ${i} failed: ${JSON.stringify(error)}`)),
          complete: () => {},
        },
      );
      clients.push(client);
    }
  });
}

async function handle(request: FleetRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'open':
      return open(request);
    case 'reset':
      latencies = [];
      heard = new Set();
      lastReceiveMs = 0;
      failures = [];
      return null;
    case 'stats':
      return { delivered: latencies.length, subscribersHeard: heard.size, latencies, lastReceiveMs, failures } satisfies FleetStats;
    case 'close': {
      const closing = clients;
      clients = [];
      await Promise.all(closing.map((client) => client.dispose()));
      return null;
    }
  }
}

process.on('message', (request: FleetRequest & { id: number }) => {
  handle(request).then(
    (result) => process.send!({ id: request.id, result } satisfies FleetReply),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies FleetReply),
  );
});
process.on('disconnect', () => process.exit(0));
