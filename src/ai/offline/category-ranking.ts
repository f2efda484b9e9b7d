import { defaultTaxonomy } from '../../domain/default-taxonomy.ts';
import type { ClassificationRequest } from '../types.ts';
import { categoryModel, categoryProbabilities, type CategoryModel, knownFeatureCount } from './category-model.ts';
import { KEYWORD_THRESHOLD, keywordScores } from './keyword-scores.ts';

type Candidate = ClassificationRequest['categories'][number];

export interface RankedCategory {
  name: string;
  /** Its top-level default category, or null for a business's own. */
  root: string | null;
  /** The learned model's log-probability of the candidate's top-level category plus the weighted keyword score. */
  score: number;
  keywordScore: number;
  /** The learned model's probability of its top-level category; null for a category the model does not know. */
  modelProbability: number | null;
  /** How many of the text's features the model knows (the same for every candidate of a text). */
  knownFeatures: number;
}

/** Every default category's name (lower-cased) → its top-level category's name. */
const rootOf = new Map(defaultTaxonomy.flatMap((root) => [root, ...(root.children ?? [])].map((category) => [category.name.toLowerCase(), root.name] as const)));
const topLevel = defaultTaxonomy.map(({ name, description, keywords }) => ({ name, description, keywords }));
/** Between a subcategory and its parent, its own keywords decide; they never outweigh the top-level evidence. */
const OWN_KEYWORD_WEIGHT = 0.01;

/** The learned model's probability that counts as evidence on its own, without any keyword. */
const MODEL_EVIDENCE = 0.4;
/**
 * Features of the text the model must know before its probability counts: a softmax is sure of
 * something even for "The quick brown fox jumps over the lazy dog." (8 known). Every dev post has
 * at least 14 and dev top-1 is the same for any value up to 14; a short post of one clause
 * ("Meet Tom, our new head chef.") has about 13.
 */
const MIN_KNOWN_FEATURES = 10;

/** Whether a ranked candidate fits at all: about one clear keyword, or a model sure enough on its own of a text it knows enough of. */
export const fits = (candidate: RankedCategory) =>
  candidate.keywordScore >= KEYWORD_THRESHOLD || ((candidate.modelProbability ?? 0) >= MODEL_EVIDENCE && candidate.knownFeatures >= MIN_KNOWN_FEATURES);

/**
 * The candidates ranked by both signals: what the model learned from the labelled posts, for the
 * default taxonomy's categories (a subcategory counts as its top-level one), and the candidates'
 * own keywords and descriptions, which are all a business's own categories have. Ties keep the
 * request's order, which lists the nearer candidates first.
 */
export function rankCategories(text: string, candidates: readonly Candidate[], model: CategoryModel = categoryModel()): RankedCategory[] {
  const probabilities = categoryProbabilities(text, model);
  const keywords = keywordScores(text, [...candidates]);
  // A known category is scored as its top-level one among all top-level ones, exactly as the
  // weights were tuned, whichever other candidates came along.
  const rootKeywords = keywordScores(text, topLevel);
  // A category the model does not know gets the uniform share: neither favoured nor ruled out.
  const unknown = 1 / model.classes.length;
  const knownFeatures = knownFeatureCount(text, model);
  return candidates
    .map((candidate, i) => {
      const root = rootOf.get(candidate.name.trim().toLowerCase());
      const index = root === undefined ? -1 : model.classes.indexOf(root);
      if (index === -1) return { name: candidate.name, root: null, keywordScore: keywords[i], modelProbability: null, knownFeatures, score: Math.log(unknown) + model.keywordWeight * keywords[i] };
      const rootScore = rootKeywords[topLevel.findIndex((category) => category.name === root)];
      const score = Math.log(probabilities[index]) + model.keywordWeight * rootScore + OWN_KEYWORD_WEIGHT * keywords[i];
      return { name: candidate.name, root: root as string, keywordScore: Math.max(keywords[i], rootScore), modelProbability: probabilities[index], knownFeatures, score };
    })
    .sort((a, b) => b.score - a.score);
}
