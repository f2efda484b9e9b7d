import type { FuzzOperation, WsFrame } from './operation.ts';
import { trimmed } from './printable.ts';
import type { FuzzWorld } from './tenants.ts';

/** The request as someone reproducing it needs it, with tokens named instead of spelled out. */
export function describeRequest(operation: FuzzOperation, world: FuzzWorld, max = 700): string {
  const named = (text: string) => namedSecrets(world, text);
  if (operation.http) {
    const { method, search, headers, body } = operation.http;
    const headerText = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n');
    const bodyText = body === undefined ? '' : typeof body === 'string' ? body : `<bytes> ${Buffer.from(body).toString('latin1')}`;
    return named(`HTTP ${method} /graphql${search ? `?${trimmed(search, 300)}` : ''}\n${trimmed(headerText, 400)}\n\n${trimmed(bodyText, max)}`);
  }
  const ws = operation.ws!;
  const frame = (f: WsFrame) => (typeof f === 'string' ? trimmed(f, max) : `<binary> ${trimmed(Buffer.from(f).toString(), max)}`);
  return named(
    [`WebSocket /graphql, subprotocol ${ws.protocol ?? '(none)'}`, ...ws.setup.map((f) => `set-up → ${frame(f)}`), ...ws.frames.slice(0, 3).map((f) => `→ ${frame(f)}`), ws.frames.length > 3 ? `… ${ws.frames.length - 3} more frames` : '']
      .filter(Boolean)
      .join('\n'),
  );
}

/** Tokens and passwords by name, in requests and responses alike. */
export function namedSecrets(world: FuzzWorld, text: string): string {
  return text
    .replaceAll(world.attacker.token, '<token of A>')
    .replaceAll(world.victim.token, '<token of B>')
    .replaceAll(world.attacker.password, '<password of A>')
    .replaceAll(world.victim.password, '<password of B>');
}

export function requestSize(operation: FuzzOperation): number {
  if (operation.http) return (operation.http.search?.length ?? 0) + (operation.http.body?.length ?? 0);
  return [...operation.ws!.setup, ...operation.ws!.frames].reduce((sum, frame) => sum + frame.length, 0);
}
