import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/** The node option that lets settledMemory reach a server: its inspector, on a free loopback port. */
export const INSPECT_ARG = '--inspect=127.0.0.1:0';

export interface Memory {
  rssKiB: number;
  heapUsedKiB: number;
}

/** Sends one inspector command and resolves to its result. */
function command(socket: WebSocket, id: number, method: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      if (message.id !== id) return;
      socket.off('message', onMessage);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result ?? {});
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method }));
  });
}

/**
 * A server's memory with garbage collected: full GCs through its inspector (so what is left is
 * what it holds, not what it has not yet swept), then VmRSS from /proc and the V8 heap in use.
 * `output` is the server's stderr so far, where node printed the inspector's address.
 */
export async function settledMemory(pid: number, output: string): Promise<Memory> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the server was not started with ${INSPECT_ARG}: no inspector address in its output`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    // Twice: the first collection can leave objects whose finalisers free more.
    await command(socket, 1, 'HeapProfiler.collectGarbage');
    await command(socket, 2, 'HeapProfiler.collectGarbage');
    const { usedSize } = (await command(socket, 3, 'Runtime.getHeapUsage')) as { usedSize: number };
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return { rssKiB, heapUsedKiB: usedSize / 1024 };
  } finally {
    socket.close();
  }
}
