import { categoryPosts, type TagPost } from './dataset.ts';
import { industries } from './industries.ts';

// A tag post's "business content" for the eval: the labelled posts of the same business (same
// industry, same business name), as the pipeline reads a sample of the business's own content.
const MAX_TEXTS = 100;

export function withBusinessTexts(posts: readonly TagPost[]) {
  const all = categoryPosts() as (ReturnType<typeof categoryPosts>[number] & { industry?: string | null })[];
  return posts.map((post) => {
    const name = industries.find((industry) => industry.key === post.industry)?.names.find((candidate) => post.text.includes(candidate));
    const own = all.filter((other) => other.industry === post.industry && (!name || other.text.includes(name)));
    return { ...post, businessName: name, businessTexts: own.slice(0, MAX_TEXTS).map((other) => other.text) };
  });
}
