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

const gunzipAsync = promisify(gunzip);

/**
 * The body inflated, to no more than maxBytes: zlib stops as soon as the output passes the limit,
 * so a small body that would inflate to gigabytes (a zip bomb) costs no more than the limit.
 */
export async function gunzipWithin(compressed: Uint8Array, maxBytes: number): Promise<Buffer | 'too large' | 'corrupt'> {
  try {
    return await gunzipAsync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too large' : 'corrupt';
  }
}
