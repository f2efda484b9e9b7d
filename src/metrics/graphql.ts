import { errorCodes } from '../domain/errors.ts';
import { refusalCodes } from '../graphql/refusal.ts';
import type { MetricsRegistry } from './registry.ts';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** An error as GraphQL reports it to the client: only its code is read. */
interface ReportedError {
  readonly extensions?: Readonly<Record<string, unknown>>;
}

// The codes a client can see: Herald's own, its refusals, and those GraphQL and yoga give.
// Anything else is counted as `other`, so a label never takes a value nobody listed.
const knownCodes = new Set<string>([
  ...errorCodes,
  ...refusalCodes,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
]);
const SERVER_FAULT = 'INTERNAL_SERVER_ERROR';

/** `ok` without errors; else the first error's code, a server fault before any other. */
export function outcomeOf(errors: readonly ReportedError[] | undefined): string {
  if (!errors?.length) return 'ok';
  const codes = errors.map((error) => String(error.extensions?.code ?? SERVER_FAULT));
  const code = codes.includes(SERVER_FAULT) ? SERVER_FAULT : codes[0];
  return knownCodes.has(code) ? code : 'other';
}

export type GraphqlMetrics = ReturnType<typeof createGraphqlMetrics>;

/**
 * GraphQL operations over any transport, by type and outcome. Operation names are chosen by
 * clients, so they are not labels. A typed error result (a mutation's `ValidationError`…) is data,
 * so `ok` here; the outcome says what went into `errors`.
 */
export function createGraphqlMetrics(metrics: MetricsRegistry) {
  const labelNames = ['operation_type', 'outcome'] as const;
  const operations = metrics.counter({ name: 'herald_graphql_operations_total', help: 'GraphQL operations, by operation type and outcome (ok or the error code).', labelNames });
  const durations = metrics.histogram({
    name: 'herald_graphql_operation_duration_seconds',
    help: 'From receiving an operation to its result (a subscription: until it started or was refused), by operation type and outcome.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return {
    /** `started` is a `performance.now()` reading taken when the operation arrived. */
    operation(type: OperationType, errors: readonly ReportedError[] | undefined, started: number) {
      const labels = { operation_type: type, outcome: outcomeOf(errors) };
      operations.inc(labels);
      durations.observe(labels, (performance.now() - started) / 1000);
    },
  };
}
