import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

/** How a request body may come: as is, or gzip (RFC 9110 keeps `x-gzip` as its alias). */
export type BodyEncoding = 'identity' | 'gzip';

/** The body's encoding, from its Content-Encoding header; null for any other, or for several applied in turn. */
export function bodyEncodingOf(contentEncoding: string | null | undefined): BodyEncoding | null {
  const header = contentEncoding?.trim().toLowerCase();
  if (!header || header === 'identity') return 'identity';
  if (header === 'gzip' || header === 'x-gzip') return 'gzip';
  return null;
}

export const UNSUPPORTED_ENCODING_MESSAGE = 'The request body is in a Content-Encoding this server does not read: send it as is, or gzip.';

export const overLimitMessage = (maxBytes: number, { inflated = false } = {}) =>
  `The request body is over the limit of ${maxBytes} bytes${inflated ? ' once decompressed' : ''}.`;

const gunzipAsync = promisify(gunzip);

/**
 * The body inflated, to no more than maxBytes: zlib stops as soon as the output passes the limit,
 * so a small body that would inflate to gigabytes (a zip bomb) costs no more than the limit.
 */
async function gunzipWithin(compressed: Uint8Array, maxBytes: number): Promise<Buffer | 'too large' | 'corrupt'> {
  try {
    return await gunzipAsync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too large' : 'corrupt';
  }
}

/**
 * Why a body was not read, with the message for the client (code BAD_USER_INPUT, status 400).
 * Only 'over the limit' leaves the rest of the body unread: its connection cannot carry another request.
 */
export type BodyRefusal = { refused: 'over the limit' | 'over the limit once decompressed' | 'not gzip'; message: string };

/**
 * A web stream read through a reader released at the end, never cancelled: cancelling resets
 * the connection, and the client, still sending, would get no answer.
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The body, read no further than maxBytes sent (a declared length over it is refused unread) and,
 * if gzip, inflated to no more than maxBytes. Past the limit the rest is left unread.
 */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  { declaredLength, encoding, maxBytes }: { declaredLength: string | null | undefined; encoding: BodyEncoding; maxBytes: number },
): Promise<{ body: Buffer } | BodyRefusal> {
  const overLimit: BodyRefusal = { refused: 'over the limit', message: overLimitMessage(maxBytes) };
  if (Number(declaredLength) > maxBytes) return overLimit;
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Duck-typed: the server adapter's body is a Proxy (get trap only), for which `'getReader' in body` is false.
  const webStream = typeof (body as ReadableStream).getReader === 'function';
  for await (const chunk of webStream ? chunksOf(body as ReadableStream<Uint8Array>) : (body as AsyncIterable<Uint8Array>)) {
    size += chunk.byteLength;
    if (size > maxBytes) return overLimit;
    chunks.push(chunk);
  }
  const sent = Buffer.concat(chunks);
  if (encoding === 'identity') return { body: sent };
  const inflated = await gunzipWithin(sent, maxBytes);
  if (inflated === 'too large') return { refused: 'over the limit once decompressed', message: overLimitMessage(maxBytes, { inflated: true }) };
  if (inflated === 'corrupt') return { refused: 'not gzip', message: 'The request body is not valid gzip.' };
  return { body: inflated };
}
