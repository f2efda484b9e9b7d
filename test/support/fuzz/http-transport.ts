import type { HttpRequestSpec } from './operation.ts';

export interface HttpResult {
  status?: number;
  body: string;
  /** Set when no response came back (connection reset, timeout). */
  transportError?: string;
}

/** Sends one request exactly as specified and reads the whole answer. */
export async function sendHttp(url: string, spec: HttpRequestSpec, timeoutMs: number): Promise<HttpResult> {
  const target = spec.search !== undefined ? `${url}?${spec.search}` : url;
  try {
    const response = await fetch(target, {
      method: spec.method,
      headers: spec.headers,
      body: spec.method === 'GET' || spec.method === 'HEAD' ? undefined : (spec.body as BodyInit | undefined),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { body: '', transportError: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}` };
  }
}
