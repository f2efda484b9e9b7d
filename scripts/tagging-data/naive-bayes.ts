import { categoryFeatures } from '../../src/ai/offline/category-features.ts';
import type { CategoryModel } from '../../src/ai/offline/category-model.ts';

// Multinomial naive Bayes training with chi-square vocabulary pruning, for scripts/train-tagging.ts.

export interface Example {
  text: string;
  label: string;
}

export interface TrainingOptions {
  /** Additive smoothing. */
  alpha: number;
  /** Features kept, the most class-dependent first (chi-square). */
  vocabulary: number;
  /** Features seen in fewer documents are dropped before ranking. */
  minDocuments: number;
}

export function trainNaiveBayes(examples: readonly Example[], classes: readonly string[], options: TrainingOptions, trainedOn: string): CategoryModel {
  const counts = new Map<string, number[]>();
  const documents = new Map<string, number[]>();
  const perClass = classes.map(() => 0);
  for (const { text, label } of examples) {
    const c = classes.indexOf(label);
    perClass[c] += 1;
    const features = categoryFeatures(text);
    for (const feature of features) bump(counts, feature, c, classes.length);
    for (const feature of new Set(features)) bump(documents, feature, c, classes.length);
  }

  const total = examples.length;
  const ranked = [...documents.entries()]
    .filter(([, byClass]) => sum(byClass) >= options.minDocuments)
    .map(([feature, byClass]) => ({ feature, score: chiSquare(byClass, perClass, total) }))
    .sort((a, b) => b.score - a.score || (a.feature < b.feature ? -1 : 1))
    .slice(0, options.vocabulary)
    .map(({ feature }) => feature);

  const totals = classes.map((_, c) => ranked.reduce((acc, feature) => acc + (counts.get(feature)?.[c] ?? 0), 0));
  const logLikelihoods: Record<string, number[]> = {};
  for (const feature of ranked) {
    const row = counts.get(feature) ?? [];
    logLikelihoods[feature] = classes.map((_, c) => Math.round(100 * Math.log(((row[c] ?? 0) + options.alpha) / (totals[c] + options.alpha * ranked.length))));
  }
  return {
    trainedOn,
    classes: [...classes],
    logPriors: perClass.map((n) => round3(Math.log(n / total))),
    logLikelihoods,
    temperature: 1,
    keywordWeight: 0,
  };
}

function bump(map: Map<string, number[]>, feature: string, c: number, size: number) {
  let row = map.get(feature);
  if (!row) map.set(feature, (row = new Array<number>(size).fill(0)));
  row[c] += 1;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The largest one-vs-rest chi-square of a feature's document counts over the classes. */
function chiSquare(withFeature: number[], perClass: number[], total: number): number {
  const featureTotal = sum(withFeature);
  let best = 0;
  withFeature.forEach((a, c) => {
    const b = featureTotal - a;
    const cc = perClass[c] - a;
    const d = total - featureTotal - cc;
    const denominator = (a + cc) * (b + d) * (a + b) * (cc + d);
    if (denominator > 0) best = Math.max(best, (total * (a * d - b * cc) ** 2) / denominator);
  });
  return best;
}
