import { spawn } from 'node:child_process';
import { projectRoot } from '../../src/db/prisma-schema.ts';
import type { BenchRequest } from './scenarios.ts';

export interface LoadOptions {
  /** The server's base URL; the request's path is appended. */
  url: string;
  request: BenchRequest;
  connections: number;
  durationSeconds: number;
  /** A warm-up: the result is thrown away, so a run in which no request completed is no error. */
  discard?: boolean;
  /** A fixed rate over all connections instead of as fast as the server answers. */
  overallRate?: number;
  /** Every response must be this body; others count as mismatches. */
  expectBody: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

/**
 * Drives the server with autocannon in a child process (pinned with `pin` when given) and fails
 * loudly when any response was an error, a non-2xx or another body than expected.
 */
export async function runLoad(options: LoadOptions, pin: string[] = []): Promise<LoadResult> {
  const [command, ...args] = [...pin, process.execPath, '--import', 'tsx', 'bench/http/load-worker.ts'];
  const child = spawn(command, args, { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(JSON.stringify({ ...options, url: new URL(options.request.path, options.url).toString() }));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}:\n${stderr}`);
  const result = JSON.parse(stdout) as LoadResult;
  const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (failed > 0 || (result.requests === 0 && !options.discard)) {
    throw new Error(`load against ${options.url} went wrong: ${JSON.stringify(result)}`);
  }
  return result;
}
