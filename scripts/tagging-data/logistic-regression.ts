import { type CategoryModel, featureVector } from '../../src/ai/offline/category-model.ts';

// Multinomial logistic regression (softmax with L2), trained by full-batch Adam from zero weights:
// deterministic, and quick at this size (a few thousand documents). For scripts/train-tagging.ts.

export interface Example {
  text: string;
  label: string;
}

export interface TrainingOptions {
  /** L2 penalty on the feature weights (not on the biases). */
  l2: number;
  epochs: number;
  learningRate: number;
}

/** A trained model before pruning: every feature seen in training, with unrounded weights. */
export interface FullModel {
  classes: string[];
  features: string[];
  /** features.length × classes.length, row-major. */
  weights: Float64Array;
  bias: Float64Array;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export function trainLogisticRegression(examples: readonly Example[], classes: readonly string[], options: TrainingOptions): FullModel {
  const K = classes.length;
  const index = new Map<string, number>();
  const rows = examples.map(({ text, label }) => {
    const vector = [...featureVector(text)].map(([feature, value]) => {
      if (!index.has(feature)) index.set(feature, index.size);
      return [index.get(feature)!, value] as const;
    });
    const c = classes.indexOf(label);
    if (c === -1) throw new Error(`Unknown label ${label}`);
    return { vector, c };
  });
  const F = index.size;
  const N = rows.length;
  const weights = new Float64Array(F * K);
  const bias = new Float64Array(K);
  // Adam's moments: the weights' first, then the biases'.
  const m = new Float64Array((F + 1) * K);
  const v = new Float64Array((F + 1) * K);
  const gradient = new Float64Array((F + 1) * K);
  const scores = new Float64Array(K);

  for (let t = 1; t <= options.epochs; t++) {
    gradient.fill(0);
    for (const { vector, c: label } of rows) {
      scores.set(bias);
      for (const [f, x] of vector) for (let c = 0; c < K; c++) scores[c] += weights[f * K + c] * x;
      const max = Math.max(...scores);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += scores[c] = Math.exp(scores[c] - max);
      // d(cross-entropy)/d(score) = probability − one-hot, averaged over the documents.
      for (let c = 0; c < K; c++) scores[c] = (scores[c] / sum - (c === label ? 1 : 0)) / N;
      for (const [f, x] of vector) for (let c = 0; c < K; c++) gradient[f * K + c] += scores[c] * x;
      for (let c = 0; c < K; c++) gradient[F * K + c] += scores[c];
    }
    const correction1 = 1 - ADAM.beta1 ** t;
    const correction2 = 1 - ADAM.beta2 ** t;
    for (let i = 0; i < (F + 1) * K; i++) {
      const isBias = i >= F * K;
      const g = gradient[i] + (isBias ? 0 : options.l2 * weights[i]);
      m[i] = ADAM.beta1 * m[i] + (1 - ADAM.beta1) * g;
      v[i] = ADAM.beta2 * v[i] + (1 - ADAM.beta2) * g * g;
      const step = (options.learningRate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + ADAM.epsilon);
      if (isBias) bias[i - F * K] -= step;
      else weights[i] -= step;
    }
  }
  return { classes: [...classes], features: [...index.keys()], weights, bias };
}

/** The model as shipped: the `vocabulary` features with the largest weights (L2 norm over the classes), rounded. */
export function pruned(model: FullModel, vocabulary: number, trainedOn: string): CategoryModel {
  const K = model.classes.length;
  const row = (f: number) => model.weights.subarray(f * K, (f + 1) * K);
  const norm = (f: number) => Math.hypot(...row(f));
  const kept = model.features
    .map((feature, f) => ({ feature, f, norm: norm(f) }))
    .sort((a, b) => b.norm - a.norm || (a.feature < b.feature ? -1 : 1))
    .slice(0, vocabulary);
  return {
    trainedOn,
    classes: model.classes,
    bias: [...model.bias].map((b) => Math.round(b * 1000) / 1000),
    weights: Object.fromEntries(kept.map(({ feature, f }) => [feature, [...row(f)].map((w) => Math.round(w * 100))])),
    temperature: 1,
    keywordWeight: 0,
  };
}
