import { sha256 } from '../../ai/logged-call.ts';
import { prisma } from '../../db/client.ts';
import { contentText } from '../../domain/content-text.ts';

/** What the pipeline reads about one content item, and whether it changed since the last run. */
export async function gatherTaggingInputs(contentId: string) {
  const content = await prisma.content.findUniqueOrThrow({ where: { id: contentId }, include: { tags: { include: { tag: true } } } });
  const [rules, categories] = await Promise.all([
    prisma.automationRule.findMany({ where: { businessId: content.businessId, enabled: true }, orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }] }),
    prisma.category.findMany({ orderBy: { name: 'asc' } }),
  ]);
  const text = contentText(content);
  // What decides the outcome; counters and timestamps change on every run, so they stay out.
  const inputSha256 = sha256(
    JSON.stringify([
      text,
      content.platform,
      content.contentType,
      content.status,
      rules.map((r) => [r.id, r.ruleType, r.conditions, r.actions, r.priority]),
      categories.map((c) => [c.id, c.name, c.description, c.keywords, c.parentId]),
    ]),
  );
  return {
    content,
    rules,
    categories,
    text,
    currentTags: content.tags.map((link) => link.tag.name),
    inputSha256,
    unchanged: content.taggingInputSha256 === inputSha256,
  };
}

export type TaggingInputs = Awaited<ReturnType<typeof gatherTaggingInputs>>;


export const categoryText = (c: { name: string; description: string | null; keywords: string[] }) =>
  [c.name, c.description, c.keywords.join(', ')].filter(Boolean).join('\n');

export const tagText = (t: { name: string; description: string | null }) => [t.name.replace(/_/g, ' '), t.description].filter(Boolean).join('\n');
