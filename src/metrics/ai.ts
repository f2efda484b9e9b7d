import type { AiCallObserver } from '../ai/types.ts';
import type { MetricsRegistry } from './registry.ts';

// Models are named by the provider's answers (an OpenAI-compatible server may name anything):
// the first few distinct names are labels, any later one is `other`.
const MAX_MODELS = 20;

export type AiMetrics = ReturnType<typeof createAiMetrics>;

/** Provider calls, their tokens, cost and latency, by feature, provider and model; nothing of who asked. */
export function createAiMetrics(metrics: MetricsRegistry) {
  const calls = metrics.counter({
    name: 'herald_ai_calls_total',
    help: 'AI provider calls, by feature, provider, model and outcome (ok or error).',
    labelNames: ['feature', 'provider', 'model', 'outcome'] as const,
  });
  const cost = metrics.counter({ name: 'herald_ai_cost_usd_total', help: 'What AI provider calls cost, in USD, by feature, provider and model.', labelNames: ['feature', 'provider', 'model'] as const });
  const tokens = metrics.counter({
    name: 'herald_ai_tokens_total',
    help: 'Tokens of AI provider calls, by feature, provider, model and kind (prompt or completion).',
    labelNames: ['feature', 'provider', 'model', 'kind'] as const,
  });
  const durations = metrics.histogram({
    name: 'herald_ai_call_duration_seconds',
    help: 'AI provider call latency, by feature, provider and outcome.',
    labelNames: ['feature', 'provider', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  });
  const models = new Set<string>();
  const modelLabel = (model: string) => {
    if (models.size < MAX_MODELS && model.length <= 100) models.add(model);
    return models.has(model) ? model : 'other';
  };

  const observeCall: AiCallObserver = (call) => {
    const series = { feature: call.feature, provider: call.provider, model: modelLabel(call.model) };
    const outcome = call.status === 'SUCCESS' ? 'ok' : 'error';
    calls.inc({ ...series, outcome });
    cost.inc(series, call.costUsd);
    tokens.inc({ ...series, kind: 'prompt' }, call.promptTokens);
    tokens.inc({ ...series, kind: 'completion' }, call.completionTokens);
    durations.observe({ feature: call.feature, provider: call.provider, outcome }, call.responseTimeMs / 1000);
  };
  return { observeCall };
}
