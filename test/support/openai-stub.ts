import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP server speaking the parts of the OpenAI API Herald uses, scripted per test.

export type StubEndpoint = 'chat' | 'embeddings';

interface StubUsage {
  prompt_tokens: number;
  completion_tokens?: number;
}

export type StubReply = (
  | /** A chat completion whose message content is `json` (stringified unless already a string). */
  { json: unknown; usage?: StubUsage; model?: string; finishReason?: string }
  | /** One embedding per vector; `reversed` lists them last-first (each keeps its index). */
  { embeddings: number[][]; usage?: StubUsage; model?: string; reversed?: boolean }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | /** Waits, then sends `then` (or the default reply); meant to outlast the client's timeout. */
  { delayMs: number; then?: StubReply }
) & {
  /** Which queue the reply joins; inferred otherwise (`embeddings` → embeddings, else chat). */
  endpoint?: StubEndpoint;
};

export type StubResponder = (endpoint: StubEndpoint, body: any) => StubReply | Promise<StubReply>;

export interface StubRequest {
  endpoint: StubEndpoint | null;
  path: string;
  body: any;
  headers: IncomingHttpHeaders;
}

export interface OpenAiStub {
  /** The baseURL for the client, ending in /v1. */
  url: string;
  requests: StubRequest[];
  enqueue(...replies: StubReply[]): void;
  respondWith(responder: StubResponder): void;
  /** Empties the queues and the request log and restores the default responder. */
  reset(): void;
  close(): Promise<void>;
}

const paths: Record<string, StubEndpoint> = { '/v1/chat/completions': 'chat', '/v1/embeddings': 'embeddings' };

const notScripted: StubResponder = (endpoint) => ({
  status: 400,
  body: { error: { message: `openai-stub: no reply scripted for ${endpoint}`, type: 'invalid_request_error', code: null } },
});

export async function startOpenAiStub(): Promise<OpenAiStub> {
  const queues: Record<StubEndpoint, StubReply[]> = { chat: [], embeddings: [] };
  const requests: StubRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder = notScripted;
  let sequence = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  async function send(res: ServerResponse, endpoint: StubEndpoint, body: any, reply: StubReply): Promise<void> {
    if ('delayMs' in reply) {
      await wait(reply.delayMs);
      return send(res, endpoint, body, reply.then ?? (await responder(endpoint, body)));
    }
    if ('status' in reply) {
      const payload = reply.body ?? { error: { message: `openai-stub: status ${reply.status}`, type: 'server_error', code: null } };
      return writeJson(res, reply.status, payload, reply.headers);
    }
    sequence += 1;
    if ('json' in reply) return writeJson(res, 200, chatCompletion(sequence, body, reply));
    return writeJson(res, 200, embeddingList(body, reply));
  }

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const endpoint = req.method === 'POST' ? (paths[path] ?? null) : null;
    const text = await readBody(req);
    const body = parseOrRaw(text);
    requests.push({ endpoint, path, body, headers: req.headers });
    if (!endpoint) {
      return writeJson(res, 404, { error: { message: `openai-stub: no route ${req.method} ${path}`, type: 'invalid_request_error', code: null } });
    }
    try {
      await send(res, endpoint, body, queues[endpoint].shift() ?? (await responder(endpoint, body)));
    } catch (error) {
      writeJson(res, 500, { error: { message: `openai-stub failed: ${error}`, type: 'server_error', code: null } }, { 'x-should-retry': 'false' });
    }
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue(...replies) {
      for (const reply of replies) queues[reply.endpoint ?? ('embeddings' in reply ? 'embeddings' : 'chat')].push(reply);
    },
    respondWith(next) {
      responder = next;
    },
    reset() {
      queues.chat.length = 0;
      queues.embeddings.length = 0;
      requests.length = 0;
      responder = notScripted;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function chatCompletion(sequence: number, request: any, reply: Extract<StubReply, { json: unknown }>) {
  const content = typeof reply.json === 'string' ? reply.json : JSON.stringify(reply.json);
  const promptTokens = reply.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(request?.messages ?? ''));
  const completionTokens = reply.usage?.completion_tokens ?? estimateTokens(content);
  return {
    id: `chatcmpl-stub-${sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? request?.model ?? 'stub-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    system_fingerprint: 'fp_stub',
  };
}

function embeddingList(request: any, reply: Extract<StubReply, { embeddings: number[][] }>) {
  const base64 = request?.encoding_format === 'base64';
  const data = reply.embeddings.map((vector, index) => ({
    object: 'embedding',
    index,
    embedding: base64 ? float32Base64(vector) : vector,
  }));
  if (reply.reversed) data.reverse();
  const promptTokens = reply.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(request?.input ?? ''));
  return {
    object: 'list',
    data,
    model: reply.model ?? request?.model ?? 'stub-embedding-model',
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** The wire form of `encoding_format: 'base64'`: float32, little-endian. */
function float32Base64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString('base64');
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseOrRaw(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

function writeJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  // The client may have given up (timeout) and closed the socket already.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}
