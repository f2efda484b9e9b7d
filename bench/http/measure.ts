import { type LoadResult, runLoad } from './load.ts';
import { processCpuMs } from './process-cpu.ts';
import { type BenchRequest, send } from './scenarios.ts';

export interface MeasureOptions {
  request: BenchRequest;
  /** Every response must be this body. */
  expectBody: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Prefix that pins the load driver to its core. */
  pin: string[];
}

export interface Measurement {
  /** As many requests as the server answers over `connections` connections. */
  max: LoadResult;
  /** A fixed rate of half of max's req/s (when asked for). */
  halfLoad?: LoadResult;
  /** Median of a few requests sent one at a time after the warm-up. */
  aloneMs: number;
  /** The measured runs' length: the asked duration, or longer for a slow shape. */
  durationSeconds: number;
  /** The server process's CPU time per request answered in the maximum-load run (Linux only). */
  cpuMsPerRequest?: number;
}

/** Each connection should complete at least this many requests in a measured run, or the figures are edge effects. */
const REQUESTS_PER_CONNECTION = 3;

/**
 * A load run ends with requests in flight that the server still works through; one more request
 * answered means the server is (about) idle again before the next run starts.
 */
async function drain(baseUrl: string, request: BenchRequest) {
  await send(baseUrl, request);
}

async function medianAlone(baseUrl: string, request: BenchRequest, times = 5): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await send(baseUrl, request);
    durations.push(performance.now() - started);
  }
  return durations.sort((a, b) => a - b)[Math.floor(times / 2)];
}

/**
 * The protocol for one server and one request: a warm-up run that is thrown away, a few requests
 * one at a time (which also size the runs: a shape that takes 0.5 s alone needs 30 s for 20
 * connections to complete 3 requests each), the maximum-load run and, when `halfLoad`, a run at a
 * fixed rate of half its req/s. The server is drained between runs.
 */
export async function measure(baseUrl: string, pid: number, options: MeasureOptions, { halfLoad = false } = {}): Promise<Measurement> {
  const load = { url: baseUrl, request: options.request, connections: options.connections, expectBody: options.expectBody };
  await runLoad({ ...load, durationSeconds: options.warmupSeconds, discard: true }, options.pin);
  await drain(baseUrl, options.request);

  const aloneMs = await medianAlone(baseUrl, options.request);
  const durationSeconds = Math.max(options.durationSeconds, Math.ceil((REQUESTS_PER_CONNECTION * options.connections * aloneMs) / 1000));

  const cpuBefore = processCpuMs(pid);
  const max = await runLoad({ ...load, durationSeconds }, options.pin);
  const cpuAfter = processCpuMs(pid);
  const cpuMsPerRequest = cpuBefore === undefined || cpuAfter === undefined || max.requests === 0 ? undefined : (cpuAfter - cpuBefore) / max.requests;
  await drain(baseUrl, options.request);
  if (!halfLoad) return { max, aloneMs, durationSeconds, cpuMsPerRequest };

  const overallRate = Math.max(1, Math.round(max.requestsPerSecond / 2));
  const half = await runLoad({ ...load, durationSeconds, overallRate }, options.pin);
  await drain(baseUrl, options.request);
  return { max, halfLoad: half, aloneMs, durationSeconds, cpuMsPerRequest };
}
