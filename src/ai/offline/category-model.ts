import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectRoot } from '../../db/prisma-schema.ts';
import { categoryFeatures } from './category-features.ts';

// A multinomial logistic regression (softmax) over categoryFeatures, learned from the train split
// of data/tagging/categories.jsonl by `npm run train:tagging`, over the default taxonomy's
// top-level categories. Weights are stored rounded, vocabulary pruned, to stay small.

export const CATEGORY_MODEL_PATH = 'data/tagging/category-model.json';

export const categoryModelSchema = z.object({
  trainedOn: z.string(),
  classes: z.array(z.string()).min(2),
  /** Each class's score before any feature is seen. */
  bias: z.array(z.number()),
  /** Per feature, its weight in each class (×100, rounded). */
  weights: z.record(z.string(), z.array(z.number().int())),
  /** Divides the scores before the softmax: how sure a probability must sound to be an answer on its own (category-ranking.ts), and how it weighs against the keyword score. */
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

/**
 * A text's feature vector: each distinct feature once, the vector scaled to unit length over all of
 * them (known to the model or not), so a long email weighs no more than a tweet. Training and
 * classification both read texts through this.
 */
export function featureVector(text: string): Map<string, number> {
  const distinct = new Set(categoryFeatures(text));
  const value = 1 / Math.sqrt(Math.max(1, distinct.size));
  return new Map([...distinct].map((feature) => [feature, value]));
}

/** How many of the text's distinct features the model has weights for: a text it barely knows tells it little, however sure the softmax sounds. */
export function knownFeatureCount(text: string, model: CategoryModel = categoryModel()): number {
  return [...featureVector(text).keys()].filter((feature) => model.weights[feature]).length;
}

/** Each class's probability for the text, in the model's class order. */
export function categoryProbabilities(text: string, model: CategoryModel = categoryModel()): number[] {
  const scores = [...model.bias];
  for (const [feature, value] of featureVector(text)) {
    const row = model.weights[feature];
    if (!row) continue;
    for (let c = 0; c < scores.length; c++) scores[c] += (row[c] / 100) * value;
  }
  const scaled = scores.map((score) => score / model.temperature);
  const max = Math.max(...scaled);
  const exp = scaled.map((score) => Math.exp(score - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((value) => value / sum);
}
