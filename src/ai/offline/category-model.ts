import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectRoot } from '../../db/prisma-schema.ts';
import { categoryFeatures } from './category-features.ts';

// A multinomial naive Bayes model over categoryFeatures, learned from the train split of
// data/tagging/categories.jsonl by `npm run train:tagging`, over the default taxonomy's
// top-level categories. Log-probabilities are stored rounded, vocabulary pruned, to stay small.

export const CATEGORY_MODEL_PATH = 'data/tagging/category-model.json';

export const categoryModelSchema = z.object({
  trainedOn: z.string(),
  classes: z.array(z.string()).min(2),
  logPriors: z.array(z.number()),
  /** Per feature, its log-probability in each class (×100, rounded). */
  logLikelihoods: z.record(z.string(), z.array(z.number().int())),
  /** Scales the summed log-likelihood before the softmax: naive Bayes counts correlated n-grams as independent evidence. */
  temperature: z.number().positive(),
  /** How much one point of the keyword score (classify.ts) adds to a class's log-probability when both are combined. */
  keywordWeight: z.number().min(0),
});

export type CategoryModel = z.infer<typeof categoryModelSchema>;

let loaded: CategoryModel | undefined;

export function categoryModel(): CategoryModel {
  loaded ??= categoryModelSchema.parse(JSON.parse(readFileSync(`${projectRoot}${CATEGORY_MODEL_PATH}`, 'utf8')));
  return loaded;
}

/** Each class's probability for the text, in the model's class order; uniform when no feature is known. */
export function categoryProbabilities(text: string, model: CategoryModel = categoryModel()): number[] {
  const scores = [...model.logPriors];
  for (const feature of categoryFeatures(text)) {
    const row = model.logLikelihoods[feature];
    if (!row) continue;
    for (let c = 0; c < scores.length; c++) scores[c] += row[c] / 100;
  }
  const scaled = scores.map((score) => score / model.temperature);
  const max = Math.max(...scaled);
  const exp = scaled.map((score) => Math.exp(score - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((value) => value / sum);
}
