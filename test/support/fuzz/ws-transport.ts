import WebSocket from 'ws';
import type { WsFrame, WsSpec } from './operation.ts';

export const GRAPHQL_TRANSPORT_WS = 'graphql-transport-ws';

export interface WsMessage {
  text: string;
  /** Sent by the server after the operation's own frames started (not during set-up). */
  inWindow: boolean;
}

export interface WsResult {
  messages: WsMessage[];
  /** Set when the server closed the socket (not when the client did, at the end). */
  close?: { code: number; reason: string };
  /** Subscriptions the server accepted (and held open) for the operation's frames. */
  accepted: number;
  /** The HTTP status when the upgrade itself was refused. */
  upgradeStatus?: number;
  transportError?: string;
}

export interface WsHooks {
  /** Open subscriptions on the server under test. */
  activeSubscriptions(): number;
  /** The operation's frames are about to be sent: SQL from now on is theirs. */
  startWindow(): void;
  endWindow(): void;
  /** Makes the victim change what a foreign subscription names, so a leak would show. */
  provokeVictim(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const typeOf = (frame: WsFrame): { type?: string; id?: string } => {
  try {
    const parsed = JSON.parse(String(frame)) as { type?: string; id?: string };
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
};

/**
 * Plays a graphql-ws script on a raw socket (so it can also send what no client library would),
 * waits until the server has answered every subscribe (a result, an error, or an accepted
 * subscription) or closed the socket, and then closes it and waits for the server to let go.
 */
export async function runWs(httpUrl: string, spec: WsSpec, hooks: WsHooks, timeoutMs: number): Promise<WsResult> {
  const result: WsResult = { messages: [], accepted: 0 };
  const initialSubscriptions = hooks.activeSubscriptions();
  let inWindow = false;
  let lastActivity = Date.now();
  const url = httpUrl.replace(/^http/, 'ws');
  // Other subprotocols go in a plain header: the ws client would itself refuse a server that picks none of them.
  const socket =
    spec.protocol === GRAPHQL_TRANSPORT_WS
      ? new WebSocket(url, GRAPHQL_TRANSPORT_WS)
      : new WebSocket(url, spec.protocol ? { headers: { 'sec-websocket-protocol': spec.protocol } } : {});
  let closingOurselves = false;
  const closed = new Promise<void>((resolve) => {
    socket.on('close', (code, reason) => {
      if (!closingOurselves) result.close = { code, reason: reason.toString() };
      resolve();
    });
  });
  socket.on('message', (data) => {
    lastActivity = Date.now();
    result.messages.push({ text: data.toString(), inWindow });
  });
  socket.on('error', (error) => (result.transportError ??= `${error.name}: ${error.message}`));
  socket.on('unexpected-response', (_request, response) => {
    result.upgradeStatus = response.statusCode;
    response.resume();
    socket.terminate();
  });

  try {
    const opened = await Promise.race([new Promise<boolean>((resolve) => socket.once('open', () => resolve(true))), closed.then(() => false), sleep(timeoutMs).then(() => false)]);
    if (!opened) return result;

    for (const frame of spec.setup) {
      const before = result.messages.length;
      const baseline = hooks.activeSubscriptions();
      await send(socket, frame);
      const { type, id } = typeOf(frame);
      await waitUntil(() => {
        if (result.close) return true;
        const answers = result.messages.slice(before).map((message) => typeOf(message.text));
        if (type === 'connection_init') return answers.some((answer) => answer.type === 'connection_ack');
        if (type === 'subscribe') return hooks.activeSubscriptions() > baseline || answers.some((answer) => answer.id === id && (answer.type === 'complete' || answer.type === 'error'));
        return Date.now() - lastActivity > 30;
      }, timeoutMs);
      if (result.close) return result;
    }

    const baseline = hooks.activeSubscriptions();
    const windowStart = result.messages.length;
    inWindow = true;
    hooks.startWindow();
    try {
      for (const frame of spec.frames) {
        if (socket.readyState !== WebSocket.OPEN) break;
        await send(socket, frame);
      }
      lastActivity = Date.now();
      const answered = await waitUntil(() => {
        if (result.close) return true;
        const finished = new Set(
          result.messages
            .slice(windowStart)
            .map((message) => typeOf(message.text))
            .filter((answer) => answer.type === 'complete' || answer.type === 'error')
            .map((answer) => answer.id),
        );
        const waiting = spec.subscribeIds.filter((id) => !finished.has(id)).length;
        if (spec.subscribeIds.length === 0) return Date.now() - lastActivity > 30;
        return waiting === 0 || hooks.activeSubscriptions() - baseline >= waiting;
      }, timeoutMs);
      if (!answered) result.transportError ??= `no answer to subscribe within ${timeoutMs} ms`;
    } finally {
      hooks.endWindow();
      inWindow = false;
    }
    result.accepted = Math.max(0, hooks.activeSubscriptions() - baseline);
    if (spec.provokeVictim && result.accepted > 0 && !result.close) {
      await hooks.provokeVictim();
      await sleep(100);
    }
    return result;
  } finally {
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
      closingOurselves = true;
      socket.close(1000);
      if (!(await Promise.race([closed.then(() => true), sleep(2_000).then(() => false)]))) socket.terminate();
    }
    // Later operations must not see this one's subscriptions (their re-reads would count as their SQL).
    await waitUntil(() => hooks.activeSubscriptions() <= initialSubscriptions, 2_000);
  }
}

function send(socket: WebSocket, frame: WsFrame): Promise<void> {
  return new Promise((resolve) => socket.send(frame, { binary: typeof frame !== 'string' }, () => resolve()));
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}
