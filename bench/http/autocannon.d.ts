// The part of autocannon 9's programmatic API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests per second over all connections (each connection gets an integer share). */
    overallRate?: number;
    ignoreCoordinatedOmission?: boolean;
    expectBody?: string;
    /** Seconds to wait for a response before counting a timeout. */
    timeout?: number;
    /** Resolve to the raw result, for autocannon.aggregateResult. */
    skipAggregateResult?: boolean;
  }

  interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** A run's counters and encoded histograms, before aggregation. */
  interface RawResult {
    totalCompletedRequests: number;
  }

  function autocannon(options: Options & { skipAggregateResult: true }): Promise<RawResult>;
  function autocannon(options: Options): Promise<Result>;
  namespace autocannon {
    function aggregateResult(results: RawResult[], options: { url: string; connections: number }): Result;
  }
  export default autocannon;
  export type { Histogram, Options, RawResult, Result };
}
