// Runs one autocannon load (options as JSON on stdin) and prints its summary as JSON on stdout.
// It is its own process so it can be pinned to a core of its own (see load.ts).
import autocannon, { type Options, type Result } from 'autocannon';
import type { LoadOptions, LoadResult } from './load.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const options = JSON.parse(Buffer.concat(chunks).toString()) as LoadOptions;

const common: Options = {
  url: options.url,
  method: options.request.method,
  headers: options.request.headers,
  body: options.request.body,
  duration: options.durationSeconds,
  expectBody: options.expectBody,
  // A slow shape under many connections may take seconds per request; a timeout would be an error.
  timeout: 120,
};

/**
 * A fixed rate, spread over the second. autocannon paces a connection by letting it send its share
 * as soon as each second starts, and every connection's second starts at the same moment: one
 * instance with `overallRate` fires a burst of up to `connections` requests at once every second,
 * and p99 then measures the burst. So the rate runs on one-connection instances whose seconds start
 * evenly spaced. Its coordinated-omission correction assumes 1/rate milliseconds between requests
 * (rate is per second), adding a sample for every millisecond of every response, so it is off; a
 * connection waits for its response, so a missed rate shows as fewer req/s than asked.
 */
async function paced(overallRate: number): Promise<Result> {
  const streams = Math.min(options.connections, overallRate);
  const runs = Array.from({ length: streams }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i * 1000) / streams));
    const rate = Math.floor(overallRate / streams) + (i < overallRate % streams ? 1 : 0);
    return autocannon({ ...common, connections: 1, overallRate: rate, ignoreCoordinatedOmission: true, skipAggregateResult: true });
  });
  return autocannon.aggregateResult(await Promise.all(runs), { url: options.url, connections: streams });
}

const result = options.overallRate ? await paced(options.overallRate) : await autocannon({ ...common, connections: options.connections });

const summary: LoadResult = {
  requests: result.requests.total,
  seconds: result.duration,
  requestsPerSecond: result.requests.total / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  mismatches: result.mismatches,
};
process.stdout.write(JSON.stringify(summary));
