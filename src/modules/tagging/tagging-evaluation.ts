import type { AiProvider, Sentiment } from '../../ai/types.ts';
import type { ContentType, Platform } from '../../domain/enums.ts';
import { defaultTaxonomy, type TaxonomyCategory } from '../../domain/default-taxonomy.ts';
import { CATEGORY_CANDIDATES, resolveCategory } from '../../domain/category-resolution.ts';
import { nearest } from '../../domain/similarity.ts';
import { normalizeTag } from '../../domain/tags.ts';

// Measures the pipeline's AI steps on labelled posts, in memory (no rules, no database): the same
// embedding → nearest candidates → provider's choice → resolution the pipeline applies.

export interface LabelledPost {
  text: string;
  platform: Platform;
  contentType: ContentType;
  /** A top-level category name. */
  category: string;
}

export interface CategoryReport {
  total: number;
  top1: number;
  top3: number;
  perCategory: { category: string; total: number; precision: number; recall: number }[];
  /** confusion[expected][predicted] = count; predicted may be "(none)". */
  confusion: Record<string, Record<string, number>>;
  mistakes: { text: string; expected: string; predicted: string | null }[];
}

export const NO_CATEGORY = '(none)';

/** Every category of the default taxonomy with its top-level ancestor's name. */
function flatten(categories: readonly TaxonomyCategory[], root?: string): { category: TaxonomyCategory; root: string }[] {
  return categories.flatMap((category) => [{ category, root: root ?? category.name }, ...flatten(category.children ?? [], root ?? category.name)]);
}

/**
 * Top-1 and top-3 accuracy counting a subcategory as its top-level one. The three guesses are the
 * pipeline's answer, then the top-level categories of the other candidates, nearest first.
 */
export async function evaluateCategorisation(provider: AiProvider, posts: readonly LabelledPost[]): Promise<CategoryReport> {
  const categories = flatten(defaultTaxonomy);
  const categoryTexts = categories.map(({ category }) => [category.name, category.description, category.keywords.join(', ')].join('\n'));
  const { value: categoryVectors } = await provider.embed(categoryTexts);
  const { value: postVectors } = await provider.embed(posts.map((post) => post.text));
  const items = categories.map(({ category, root }, index) => ({ id: category.name, name: category.name, root, category, vector: categoryVectors[index] }));

  const results: { post: LabelledPost; guesses: string[] }[] = [];
  for (const [index, post] of posts.entries()) {
    const candidates = nearest(postVectors[index], items, CATEGORY_CANDIDATES);
    const { value: choice } = await provider.classifyContent({
      text: post.text,
      platform: post.platform,
      contentType: post.contentType,
      categories: candidates.map(({ item }) => ({ name: item.name, description: item.category.description, keywords: item.category.keywords })),
      tagCandidates: [],
    });
    const resolved = resolveCategory({
      ruleCategoryId: null,
      llmChoice: { name: choice.category, confidence: choice.confidence },
      candidates: candidates.map(({ item, similarity }) => ({ id: item.id, name: item.name, similarity })),
    });
    const first = resolved ? (items.find((item) => item.id === resolved.id)?.root ?? NO_CATEGORY) : NO_CATEGORY;
    results.push({ post, guesses: [...new Set([first, ...candidates.map(({ item }) => item.root)])] });
  }

  const names = defaultTaxonomy.map((category) => category.name);
  const confusion = Object.fromEntries(names.map((name) => [name, Object.fromEntries([...names, NO_CATEGORY].map((other) => [other, 0]))]));
  for (const { post, guesses } of results) confusion[post.category][guesses[0]] += 1;
  const share = (count: number, of: number) => (of === 0 ? 0 : count / of);
  return {
    total: posts.length,
    top1: share(results.filter((r) => r.guesses[0] === r.post.category).length, posts.length),
    top3: share(results.filter((r) => r.guesses.slice(0, 3).includes(r.post.category)).length, posts.length),
    perCategory: names.map((category) => {
      const right = confusion[category][category];
      const predicted = names.reduce((sum, expected) => sum + confusion[expected][category], 0);
      const total = Object.values(confusion[category]).reduce((sum, n) => sum + n, 0);
      return { category, total, precision: share(right, predicted), recall: share(right, total) };
    }),
    confusion,
    mistakes: results.filter((r) => r.guesses[0] !== r.post.category).map((r) => ({ text: r.post.text, expected: r.post.category, predicted: r.guesses[0] })),
  };
}

export interface SentimentReport {
  total: number;
  accuracy: number;
  macroF1: number;
  perLabel: { label: string; precision: number; recall: number; f1: number }[];
}

const SENTIMENTS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;

/** Accuracy and macro-F1 over POSITIVE, NEUTRAL and NEGATIVE (a MIXED answer counts as wrong). */
export async function evaluateSentiment(provider: AiProvider, posts: readonly { text: string; sentiment: Sentiment }[]): Promise<SentimentReport> {
  const predicted: Sentiment[] = [];
  for (const post of posts) {
    const { value } = await provider.classifyContent({ text: post.text, platform: 'INSTAGRAM', contentType: 'POST', categories: [], tagCandidates: [] });
    predicted.push(value.sentiment);
  }
  const perLabel = SENTIMENTS.map((label) => {
    const truePositives = posts.filter((post, i) => post.sentiment === label && predicted[i] === label).length;
    const precision = truePositives / Math.max(1, predicted.filter((p) => p === label).length);
    const recall = truePositives / Math.max(1, posts.filter((post) => post.sentiment === label).length);
    return { label, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  });
  return {
    total: posts.length,
    accuracy: posts.filter((post, i) => post.sentiment === predicted[i]).length / Math.max(1, posts.length),
    macroF1: perLabel.reduce((sum, { f1 }) => sum + f1, 0) / perLabel.length,
    perLabel,
  };
}

export interface TagReport {
  posts: number;
  suggested: number;
  kept: number;
  /** Suggested tags a marketer listed for the post, over all suggested tags. */
  precision: number;
  wrong: { text: string; tag: string }[];
}

/** Tag precision: how many of the provider's tags are among those expected for the post. */
export async function evaluateTags(
  provider: AiProvider,
  posts: readonly (Omit<LabelledPost, 'category'> & { tags: readonly string[]; businessTexts: readonly string[]; businessName?: string })[],
): Promise<TagReport> {
  let suggested = 0;
  let kept = 0;
  const wrong: TagReport['wrong'] = [];
  for (const post of posts) {
    const { value } = await provider.classifyContent({
      text: post.text,
      platform: post.platform,
      contentType: post.contentType,
      categories: [],
      tagCandidates: [],
      businessTexts: post.businessTexts,
      businessName: post.businessName,
    });
    const expected = new Set(post.tags.map((tag) => singular(normalizeTag(tag) ?? '')));
    for (const tag of value.tags) {
      suggested += 1;
      if (expected.has(singular(tag))) kept += 1;
      else wrong.push({ text: post.text, tag });
    }
  }
  return { posts: posts.length, suggested, kept, precision: suggested === 0 ? 0 : kept / suggested, wrong };
}

/** "sourdough_loaves" and "sourdough_loaf" are one tag to a reader; plural and singular count alike. */
const singular = (tag: string) => tag.replace(/(ves)$/, 'f').replace(/ies$/, 'y').replace(/s$/, '');
