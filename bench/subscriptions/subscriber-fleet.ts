import { spawn } from 'node:child_process';
import { projectRoot } from '../../src/db/prisma-schema.ts';
import type { FleetReply, FleetRequest, FleetStats } from './fleet-protocol.ts';

export interface SubscriberFleet {
  /** Opens `count` subscribers spread round-robin over the servers' WebSocket URLs; resolves once all are connected. */
  open(request: Omit<Extract<FleetRequest, { cmd: 'open' }>, 'cmd'>): Promise<number>;
  /** Forgets what was received so far. */
  reset(): Promise<void>;
  stats(): Promise<FleetStats>;
  /** Closes every subscriber's socket. */
  close(): Promise<void>;
  /** Ends the process. */
  stop(): Promise<void>;
}

/** Starts bench/subscriptions/subscribers.ts as a child process, behind `pin` (a taskset prefix) when given. */
export function startSubscriberFleet(pin: string[] = []): SubscriberFleet {
  const [command, ...args] = [...pin, process.execPath, '--import', 'tsx', 'bench/subscriptions/subscribers.ts'];
  const child = spawn(command, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on('message', (reply: FleetReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.result);
  });
  void exited.then(() => {
    for (const waiting of pending.values()) waiting.reject(new Error('the subscriber process exited'));
  });
  const ask = <T>(request: FleetRequest) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });

  return {
    open: (request) => ask<number>({ cmd: 'open', ...request }),
    reset: () => ask<void>({ cmd: 'reset' }),
    stats: () => ask<FleetStats>({ cmd: 'stats' }),
    close: () => ask<void>({ cmd: 'close' }),
    async stop() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
