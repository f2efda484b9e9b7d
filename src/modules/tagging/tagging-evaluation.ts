import type { AiProvider } from '../../ai/types.ts';
import type { ContentType, Platform } from '../../domain/enums.ts';
import { defaultTaxonomy, type TaxonomyCategory } from '../../domain/default-taxonomy.ts';
import { CATEGORY_CANDIDATES, resolveCategory } from '../../domain/category-resolution.ts';
import { nearest } from '../../domain/similarity.ts';

export interface LabelledPost {
  text: string;
  platform: Platform;
  contentType: ContentType;
  /** A top-level category name. */
  category: string;
}

export interface EvaluationReport {
  total: number;
  correct: number;
  accuracy: number;
  perCategory: { category: string; total: number; correct: number; accuracy: number }[];
  mistakes: { text: string; expected: string; predicted: string | null }[];
}

/** Every category of the default taxonomy with its top-level ancestor's name. */
function flatten(categories: readonly TaxonomyCategory[], root?: string): { category: TaxonomyCategory; root: string }[] {
  return categories.flatMap((category) => [{ category, root: root ?? category.name }, ...flatten(category.children ?? [], root ?? category.name)]);
}

/**
 * Top-1 accuracy of the pipeline's category steps (embedding → nearest candidates → the
 * provider's choice → resolution) on labelled posts, counting a subcategory as its top-level one.
 * No rules and no database: the same resolution the pipeline applies, in memory.
 */
export async function evaluateCategorisation(provider: AiProvider, posts: readonly LabelledPost[]): Promise<EvaluationReport> {
  const categories = flatten(defaultTaxonomy);
  const categoryTexts = categories.map(({ category }) => [category.name, category.description, category.keywords.join(', ')].join('\n'));
  const { value: categoryVectors } = await provider.embed(categoryTexts);
  const { value: postVectors } = await provider.embed(posts.map((post) => post.text));
  const items = categories.map(({ category, root }, index) => ({ id: category.name, name: category.name, root, category, vector: categoryVectors[index] }));

  const results: { post: LabelledPost; predicted: string | null }[] = [];
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
    const predicted = resolved ? (items.find((item) => item.id === resolved.id)?.root ?? null) : null;
    results.push({ post, predicted });
  }

  const correct = results.filter((r) => r.predicted === r.post.category).length;
  const names = [...new Set(posts.map((post) => post.category))].sort();
  return {
    total: posts.length,
    correct,
    accuracy: correct / posts.length,
    perCategory: names.map((category) => {
      const mine = results.filter((r) => r.post.category === category);
      const right = mine.filter((r) => r.predicted === category).length;
      return { category, total: mine.length, correct: right, accuracy: right / mine.length };
    }),
    mistakes: results.filter((r) => r.predicted !== r.post.category).map((r) => ({ text: r.post.text, expected: r.post.category, predicted: r.predicted })),
  };
}
