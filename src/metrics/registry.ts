import {
  collectDefaultMetrics,
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

/** A metric's options without `registers`: the helper registers it with the app's registry. */
type Options<C> = Omit<C, 'registers'>;

/**
 * This app's Prometheus registry, and helpers that create a metric already registered with it.
 * Every module registers its collectors here, never with prom-client's global registry: tests run
 * several apps in one process, and each must count only its own. Names start with `herald_`;
 * label values come from small fixed sets (never ids, emails, names or operation text).
 */
export interface MetricsRegistry {
  readonly registry: Registry;
  counter<L extends string>(options: Options<CounterConfiguration<L>>): Counter<L>;
  /** A gauge can compute its value at scrape time: give it `collect()` (it may be async). */
  gauge<L extends string>(options: Options<GaugeConfiguration<L>>): Gauge<L>;
  histogram<L extends string>(options: Options<HistogramConfiguration<L>>): Histogram<L>;
}

/** With `processMetrics`, also prom-client's default process metrics (CPU, memory, event loop lag, GC…). */
export function createMetricsRegistry({ processMetrics }: { processMetrics: boolean }): MetricsRegistry {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    counter: (options) => new Counter({ ...options, registers: [registry] }),
    gauge: (options) => new Gauge({ ...options, registers: [registry] }),
    histogram: (options) => new Histogram({ ...options, registers: [registry] }),
  };
}
