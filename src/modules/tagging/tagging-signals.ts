import { embeddingsFor } from '../../ai/embedding-store.ts';
import { callProvider, sha256 } from '../../ai/logged-call.ts';
import { classificationPrompt, promptText } from '../../ai/prompts.ts';
import { classificationSchema } from '../../ai/schemas.ts';
import type { Classification, ClassificationRequest } from '../../ai/types.ts';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { CATEGORY_CANDIDATES } from '../../domain/category-resolution.ts';
import { nearest } from '../../domain/similarity.ts';
import { categoryText, type TaggingInputs, tagText } from './tagging-inputs.ts';

const TAG_CANDIDATES = 5;
// Similar tags are added without the classifier's say: only near ones (on the offline embeddings,
// at 0.3 about half of the matches shared no word with the post, at 0.5 one in fifty).
const SIMILAR_TAG_MIN = 0.5;
const TAGS_CONSIDERED = 200;
/** The business's latest content read to tell a distinctive phrase from one it uses everywhere. */
const BUSINESS_SAMPLE = 100;

interface CallContext {
  userId: string | null;
  businessId: string;
}

/** What the AI says about the content: nearest categories and known tags by meaning, and the LLM's choice among them. */
export async function gatherTaggingSignals(app: AppContext, inputs: TaggingInputs, actorId: string | null, now: Date) {
  const { content, categories, text } = inputs;
  const context = { userId: actorId, businessId: content.businessId };
  const contentVector = (await embeddingsFor(app.ai, 'CONTENT', [{ id: content.id, text }], context, now)).get(content.id) as number[];
  const categoryVectors = await embeddingsFor(app.ai, 'CATEGORY', categories.map((c) => ({ id: c.id, text: categoryText(c) })), context, now);
  const nearestCategories = nearest(contentVector, categories.map((c) => ({ ...c, vector: categoryVectors.get(c.id) ?? [] })), CATEGORY_CANDIDATES);

  // Only the business's own tags: another tenant's (a private rule tag, say) must never be suggested.
  const knownTags = await prisma.tag.findMany({
    where: { businessId: content.businessId },
    orderBy: [{ usageCount: 'desc' }, { name: 'asc' }],
    take: TAGS_CONSIDERED,
  });
  const tagVectors = await embeddingsFor(app.ai, 'TAG', knownTags.map((t) => ({ id: t.id, text: tagText(t) })), context, now);
  const similarTags = nearest(contentVector, knownTags.map((t) => ({ ...t, vector: tagVectors.get(t.id) ?? [] })), TAG_CANDIDATES)
    .filter((match) => match.similarity >= SIMILAR_TAG_MIN)
    .map((match) => match.item.name);

  const [business, sample] = await Promise.all([
    prisma.business.findUniqueOrThrow({ where: { id: content.businessId }, select: { name: true } }),
    prisma.content.findMany({
      where: { businessId: content.businessId, id: { not: content.id } },
      orderBy: { createdAt: 'desc' },
      take: BUSINESS_SAMPLE,
      select: { caption: true },
    }),
  ]);
  const classification = await classifyCached(
    app,
    {
      text,
      platform: content.platform,
      contentType: content.contentType,
      categories: nearestCategories.map(({ item }) => ({ name: item.name, description: item.description, keywords: item.keywords })),
      tagCandidates: similarTags,
      businessTexts: sample.map((other) => other.caption),
      businessName: business.name,
    },
    context,
  );
  return { nearestCategories, similarTags, classification };
}

export type TaggingSignals = Awaited<ReturnType<typeof gatherTaggingSignals>>;

/**
 * The LLM's choice among the candidates, remembered per identical request of one business in the
 * app's cache (memory, Redis, database: see src/cache), so every instance reuses it.
 */
async function classifyCached(app: AppContext, request: ClassificationRequest, context: CallContext): Promise<Classification> {
  const prompt = promptText(classificationPrompt(request));
  const ask = async () => (await callProvider(app.ai, { ...context, feature: 'CATEGORIZATION' }, prompt, (provider) => provider.classifyContent(request))).value;
  // The business is part of the key: an answer (its tags) is never served to another tenant.
  const key = `classify:${sha256(`${app.ai.provider.name}\n${prompt}`)}`;
  const [cached] = await app.cache.getMany([{ businessId: context.businessId, scope: 'ai-answers', key }], async () => [await ask()]);
  // Checked like a fresh answer: one written by another version may not fit any more.
  const reused = classificationSchema.safeParse(cached);
  return reused.success ? reused.data : ask();
}
