import { z } from 'zod';
import { checkMonthlyBudget } from '../../ai/budget.ts';
import { embeddingsFor } from '../../ai/embedding-store.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { classificationPrompt, promptText } from '../../ai/prompts.ts';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { isMissingRow } from '../../db/errors.ts';
import { CATEGORY_CANDIDATES, resolveCategory } from '../../domain/category-resolution.ts';
import type { Platform } from '../../domain/enums.ts';
import { BudgetExceededError } from '../../domain/errors.ts';
import { nearest } from '../../domain/similarity.ts';
import { normalizeTags } from '../../domain/tags.ts';
import type { JobDefinition, Transaction } from '../../jobs/job-queue.ts';
import { categoryText } from './tagging-inputs.ts';

const payload = z.object({ campaignId: z.string(), actorId: z.string().nullable() });
const BUSINESS_SAMPLE = 100;

/**
 * Gives a campaign a primary category and tags from its name, goal and strategy, through the same
 * steps as content (nearest categories by embedding, the provider's choice among them,
 * resolution), then announces campaignTagged. Run when a campaign is created or its goal changes.
 */
export const campaignTaggingJob: JobDefinition<z.infer<typeof payload>> = {
  name: 'tag-campaign',
  payload,
  maxAttempts: 3,
  retryDelaySeconds: 30,
  concurrency: 1,
  async run(app, { campaignId, actorId }) {
    const campaign = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { business: { select: { id: true, plan: true } } } });
    if (!campaign) return;
    try {
      await checkMonthlyBudget(app.ai, campaign.business);
    } catch (error) {
      if (error instanceof BudgetExceededError) return app.logger.info({ campaignId }, 'campaign tagging skipped: AI budget used up');
      throw error;
    }
    await tagCampaign(app, { campaignId, actorId });
  },
};

/**
 * Categorises and tags one campaign now and announces it; nothing when the campaign is gone, or
 * goes while it runs (whichever read or write needed a row that went with it fails then).
 */
export async function tagCampaign(app: AppContext, args: { campaignId: string; actorId: string | null }): Promise<void> {
  try {
    await tagExistingCampaign(app, args);
  } catch (error) {
    if (!isMissingRow(error) || (await prisma.campaign.count({ where: { id: args.campaignId } }))) throw error;
    app.logger.debug({ campaignId: args.campaignId }, 'campaign tagging skipped: the campaign was deleted while it ran');
  }
}

async function tagExistingCampaign(app: AppContext, { campaignId, actorId }: { campaignId: string; actorId: string | null }): Promise<void> {
  const campaign = await prisma.campaign.findUnique({ where: { id: campaignId }, include: { business: { select: { name: true } } } });
  if (!campaign) return;
  const now = app.clock.now();
  const context = { userId: actorId, businessId: campaign.businessId };
  const text = [campaign.name, campaign.goal, campaign.strategySummary].filter(Boolean).join('\n');
  const categories = await prisma.category.findMany({ orderBy: { name: 'asc' } });
  const categoryVectors = await embeddingsFor(app.ai, 'CATEGORY', categories.map((c) => ({ id: c.id, text: categoryText(c) })), context, now);
  // The campaign's own vector is not stored: it is read once per goal.
  const { value: [campaignVector] } = await callProvider(app.ai, { ...context, feature: 'EMBEDDING' }, text, (provider) => provider.embed([text]));
  const candidates = nearest(campaignVector, categories.map((c) => ({ ...c, vector: categoryVectors.get(c.id) ?? [] })), CATEGORY_CANDIDATES);

  const sample = await prisma.content.findMany({ where: { businessId: campaign.businessId }, orderBy: { createdAt: 'desc' }, take: BUSINESS_SAMPLE, select: { caption: true } });
  const platforms = (campaign.targetPlatforms ?? []) as Platform[];
  const request = {
    text,
    platform: platforms[0] ?? 'INSTAGRAM',
    contentType: 'POST' as const,
    categories: candidates.map(({ item }) => ({ name: item.name, description: item.description, keywords: item.keywords })),
    tagCandidates: [],
    businessTexts: sample.map((other) => other.caption),
    businessName: campaign.business.name,
  };
  const { value: classification } = await callProvider(app.ai, { ...context, feature: 'CATEGORIZATION' }, promptText(classificationPrompt(request)), (provider) =>
    provider.classifyContent(request),
  );
  const category = resolveCategory({
    ruleCategoryId: null,
    llmChoice: { name: classification.category, confidence: classification.confidence },
    candidates: candidates.map(({ item, similarity }) => ({ id: item.id, name: item.name, similarity })),
  });
  const tags = normalizeTags(classification.tags);
  // Only if the goal is still the one read: a newer goal has its own run queued.
  const { count } = await prisma.campaign.updateMany({
    where: { id: campaignId, goal: campaign.goal },
    data: { primaryCategoryId: category?.id ?? null, categoryConfidence: category?.confidence ?? null, tags, taggedAt: now },
  });
  if (count === 0) return;
  app.events.publish('campaignTagged', { businessId: campaign.businessId, campaignId, categoryId: category?.id ?? null, tags, actorId });
}

/** Queues tagging of a campaign in the transaction that created it or changed its goal. */
export async function enqueueCampaignTagging(app: AppContext, tx: Transaction, campaignId: string, actorId: string | null): Promise<void> {
  if (!app.ai.autoTagging) return;
  // One waiting run per campaign is enough: it reads the goal when it runs.
  await app.jobs.enqueue(tx, campaignTaggingJob, { campaignId, actorId }, { key: campaignId });
}
