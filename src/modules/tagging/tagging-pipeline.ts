import { callProvider, sha256 } from '../../ai/logged-call.ts';
import { classificationPrompt, promptText } from '../../ai/prompts.ts';
import { ai } from '../../ai/runtime.ts';
import type { Classification, ClassificationRequest } from '../../ai/types.ts';
import { prisma } from '../../db/client.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import { contentTransitions } from '../../domain/lifecycles.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { embeddingsFor } from '../../ai/embedding-store.ts';
import { normalizeTags } from '../../domain/tags.ts';
import { evaluateRules, type RuleActions, type RuleConditions } from '../../domain/rules.ts';
import { CATEGORY_CANDIDATES, resolveCategory } from '../../domain/category-resolution.ts';
import { nearest } from '../../domain/similarity.ts';

const TAG_CANDIDATES = 5;
const SIMILAR_TAG_MIN = 0.3;
const TAGS_CONSIDERED = 200;
const LLM_CACHE_MS = 60 * 60_000;

export interface TaggingOutcome {
  /** False when nothing the pipeline reads had changed since its last run on this content. */
  ran: boolean;
  categoryId: string | null;
  tags: string[];
}

const contentText = (c: { title: string | null; caption: string; hashtags: unknown; script: string | null }) =>
  [c.title, c.caption, (c.hashtags as string[]).map((tag) => `#${tag}`).join(' '), c.script].filter(Boolean).join('\n');

const categoryText = (c: { name: string; description: string | null; keywords: unknown }) =>
  [c.name, c.description, (c.keywords as string[]).join(', ')].filter(Boolean).join('\n');

/** The LLM's choice among the candidates, remembered for an hour per identical request. */
async function classifyCached(request: ClassificationRequest, context: { userId: string | null; businessId: string }, now: Date) {
  const prompt = promptText(classificationPrompt(request));
  const key = sha256(`classify\n${ai().provider.name}\n${prompt}`);
  const cached = await prisma.aiCache.findUnique({ where: { key } });
  if (cached && cached.expiresAt > now) return cached.value as unknown as Classification;
  const { value } = await callProvider({ ...context, feature: 'CATEGORIZATION' }, prompt, (provider) => provider.classifyContent(request));
  const expiresAt = new Date(now.getTime() + LLM_CACHE_MS);
  await prisma.aiCache.upsert({ where: { key }, create: { key, value: value as never, expiresAt }, update: { value: value as never, expiresAt } });
  return value;
}

/**
 * Categorises and tags one content item: embedding → nearest categories and tags → the
 * business's rules → the LLM's choice among the candidates → one resolution, written with the
 * usage and rule counters in one transaction. A run on unchanged inputs does nothing.
 */
export function runTaggingPipeline(args: { contentId: string; userId: string | null; now?: Date }): Promise<TaggingOutcome> {
  // One run at a time per content item in this process: a background run and an on-demand one
  // would otherwise both add the same tags and count them twice.
  const previous = inFlight.get(args.contentId) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => tagContent(args));
  inFlight.set(args.contentId, run);
  void run.catch(() => undefined).finally(() => {
    if (inFlight.get(args.contentId) === run) inFlight.delete(args.contentId);
  });
  return run;
}

const inFlight = new Map<string, Promise<TaggingOutcome>>();

async function tagContent({ contentId, userId, now = new Date() }: { contentId: string; userId: string | null; now?: Date }): Promise<TaggingOutcome> {
  const content = await prisma.content.findUniqueOrThrow({ where: { id: contentId }, include: { tags: { include: { tag: true } } } });
  const [rules, categories] = await Promise.all([
    prisma.automationRule.findMany({ where: { businessId: content.businessId, enabled: true }, orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }] }),
    prisma.category.findMany({ orderBy: { name: 'asc' } }),
  ]);
  const currentTags = content.tags.map((link) => link.tag.name);
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
  if (content.taggingInputSha256 === inputSha256) return { ran: false, categoryId: content.primaryCategoryId, tags: currentTags };

  const context = { userId, businessId: content.businessId };
  const contentVector = (await embeddingsFor('CONTENT', [{ id: content.id, text }], context, now)).get(content.id) as number[];
  const categoryVectors = await embeddingsFor('CATEGORY', categories.map((c) => ({ id: c.id, text: categoryText(c) })), context, now);
  const nearestCategories = nearest(contentVector, categories.map((c) => ({ ...c, vector: categoryVectors.get(c.id) ?? [] })), CATEGORY_CANDIDATES);
  const knownTags = await prisma.tag.findMany({ orderBy: [{ usageCount: 'desc' }, { name: 'asc' }], take: TAGS_CONSIDERED });
  const tagVectors = await embeddingsFor('TAG', knownTags.map((t) => ({ id: t.id, text: [t.name.replace(/_/g, ' '), t.description].filter(Boolean).join('\n') })), context, now);
  const similarTags = nearest(contentVector, knownTags.map((t) => ({ ...t, vector: tagVectors.get(t.id) ?? [] })), TAG_CANDIDATES)
    .filter((match) => match.similarity >= SIMILAR_TAG_MIN)
    .map((match) => match.item.name);

  const ruled = evaluateRules(
    rules.map((r) => ({ ...r, conditions: r.conditions as unknown as RuleConditions, actions: r.actions as unknown as RuleActions })),
    { platform: content.platform, contentType: content.contentType, title: content.title, caption: content.caption, hashtags: content.hashtags as string[] },
  );

  const llm = await classifyCached(
    {
      text,
      platform: content.platform,
      contentType: content.contentType,
      categories: nearestCategories.map(({ item }) => ({ name: item.name, description: item.description, keywords: item.keywords as string[] })),
      tagCandidates: similarTags,
    },
    context,
    now,
  );

  const ruleCategory = ruled.category ? categories.find((c) => c.name === ruled.category?.name) : undefined;
  const resolved = resolveCategory({
    ruleCategoryId: ruleCategory?.id ?? null,
    llmChoice: { name: llm.category, confidence: llm.confidence },
    candidates: nearestCategories.map(({ item, similarity }) => ({ id: item.id, name: item.name, similarity })),
  });
  const tags = normalizeTags([...ruled.tags, ...llm.tags, ...similarTags, ...(content.hashtags as string[])]);

  const statusChange = ruled.status && allowedByPipeline(content.status, ruled.status.status, content.scheduledAt, now) ? ruled.status : null;
  const applied = new Set<string>([
    ...(ruleCategory && ruled.category ? [ruled.category.ruleId] : []),
    ...(statusChange ? [statusChange.ruleId] : []),
    ...rules.filter((r) => r.ruleType === 'TAGGING' && ruled.evaluated.some((e) => e.ruleId === r.id && e.matched)).map((r) => r.id),
  ]);

  const added = tags.filter((tag) => !currentTags.includes(tag));
  const removed = currentTags.filter((tag) => !tags.includes(tag));
  await prisma.$transaction(async (tx) => {
    for (const name of added) {
      await tx.tag.upsert({ where: { name }, create: { name, relatedTags: tags.filter((other) => other !== name).slice(0, 5) }, update: {} });
    }
    const addedTags = await tx.tag.findMany({ where: { name: { in: added } }, select: { id: true } });
    if (removed.length) {
      await tx.contentTag.deleteMany({ where: { contentId, tag: { name: { in: removed } } } });
      await tx.tag.updateMany({ where: { name: { in: removed } }, data: { usageCount: { decrement: 1 } } });
    }
    if (added.length) {
      await tx.contentTag.createMany({ data: addedTags.map((tag) => ({ contentId, tagId: tag.id })) });
      await tx.tag.updateMany({ where: { name: { in: added } }, data: { usageCount: { increment: 1 } } });
    }
    if (resolved?.id !== content.primaryCategoryId) {
      if (content.primaryCategoryId) await tx.category.updateMany({ where: { id: content.primaryCategoryId }, data: { usageCount: { decrement: 1 } } });
      if (resolved) await tx.category.update({ where: { id: resolved.id }, data: { usageCount: { increment: 1 } } });
    }
    await tx.content.update({
      where: { id: contentId },
      data: {
        primaryCategoryId: resolved?.id ?? null,
        categoryConfidence: resolved?.confidence ?? null,
        categorySource: resolved?.source ?? null,
        sentiment: llm.sentiment,
        qualityScore: llm.qualityScore,
        taggedAt: now,
        taggingInputSha256: inputSha256,
        ...(statusChange ? { status: statusChange.status } : {}),
      },
    });
    for (const { ruleId } of ruled.evaluated) {
      await tx.automationRule.update({
        where: { id: ruleId },
        data: { executionCount: { increment: 1 }, lastExecutedAt: now, ...(applied.has(ruleId) ? { successCount: { increment: 1 } } : {}) },
      });
    }
  });

  if (statusChange) {
    publishEvent('contentStatusChanged', {
      businessId: content.businessId,
      campaignId: content.campaignId,
      contentId,
      previousStatus: content.status,
      status: statusChange.status,
      actorId: null,
    });
  }
  publishEvent('contentTagged', { businessId: content.businessId, campaignId: content.campaignId, contentId, categoryId: resolved?.id ?? null, tags, actorId: userId });
  return { ran: true, categoryId: resolved?.id ?? null, tags };
}

function allowedByPipeline(from: ContentStatus, to: ContentStatus, scheduledAt: Date | null, now: Date): boolean {
  if (!contentTransitions[from].includes(to)) return false;
  return to !== 'SCHEDULED' || (scheduledAt !== null && scheduledAt > now);
}
