import { z } from 'zod';
import { businessProfileOf } from '../../ai/business-profile.ts';
import { fitGeneratedContent } from '../../ai/fit-content.ts';
import { checkMonthlyBudget, consumeRateLimit } from '../../ai/guards.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { contentPrompt, promptText } from '../../ai/prompts.ts';
import type { ContentRequest } from '../../ai/types.ts';
import { prisma } from '../../db/client.ts';
import { ContentType, Platform } from '../../domain/enums.ts';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Viewer } from '../../graphql/context.ts';
import { runOnce } from '../../db/idempotency.ts';
import { scheduleTagging } from '../tagging/auto-tagging.ts';
import { publishEvent } from '../../realtime/bus.ts';
import { limits, optionalText, parseInput, text } from '../../domain/fields.ts';
import { inOwnedBusinessWhere, requireViewer } from '../../auth/tenancy.ts';

const generateContentInput = z.object({
  platform: z.enum(Platform),
  contentType: z.enum(ContentType),
  day: z.number().int().min(1, 'Must be at least 1'),
  theme: text(limits.shortText),
  instructions: optionalText(limits.shortText),
  idempotencyKey: z.string().nullish(),
});

const regenerateContentInput = z.object({
  instructions: optionalText(limits.shortText),
  idempotencyKey: z.string().nullish(),
});

// Once content is scheduled or live, its text is what the audience sees: no rewriting then.
const regenerable = new Set(['DRAFT', 'REVIEW', 'APPROVED', 'FAILED']);

function campaignContext(campaign: { name: string; goal: string; campaignType: ContentRequest['campaign']['campaignType']; hashtagStrategy: string | null; ctaPattern: string | null }) {
  const { name, goal, campaignType, hashtagStrategy, ctaPattern } = campaign;
  return { name, goal, campaignType, hashtagStrategy, ctaPattern };
}

/** Writes one DRAFT content item for a campaign with the AI provider. Returns its id. */
export async function generateContent({ viewer, campaignId, input }: { viewer: Viewer | null; campaignId: string; input: unknown }) {
  const user = requireViewer(viewer);
  const { idempotencyKey, ...data } = parseInput(generateContentInput, input);
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, ...inOwnedBusinessWhere(user) }, include: { business: true } });
  if (!campaign) throw new NotFoundError('Campaign');
  if (data.day > campaign.durationDays) {
    throw new ValidationError([{ path: ['input', 'day'], message: `Must be within the campaign's ${campaign.durationDays} days` }]);
  }
  return runOnce({
    userId: user.id,
    key: idempotencyKey,
    operation: 'generateContent',
    request: { campaignId, ...data },
    run: async () => {
      await consumeRateLimit(user.id, 'CONTENT_GENERATION');
      await checkMonthlyBudget(campaign.business);
      const request: ContentRequest = {
        business: businessProfileOf(campaign.business),
        campaign: campaignContext(campaign),
        ...data,
        previous: null,
      };
      const started = performance.now();
      const result = await callProvider({ feature: 'CONTENT_GENERATION', userId: user.id, businessId: campaign.businessId }, promptText(contentPrompt(request)), (p) =>
        p.writeContent(request),
      );
      const content = await prisma.content.create({
        data: {
          ...fitGeneratedContent(data.platform, result.value),
          campaignId,
          businessId: campaign.businessId,
          day: data.day,
          platform: data.platform,
          contentType: data.contentType,
          mentions: [],
          aiMetadata: { model: result.model, tokensUsed: result.promptTokens + result.completionTokens, generationTimeMs: Math.round(performance.now() - started) },
        },
      });
      publishEvent('contentStatusChanged', { businessId: campaign.businessId, campaignId, contentId: content.id, previousStatus: null, status: content.status, actorId: user.id });
      scheduleTagging([content.id], user.id);
      return content.id;
    },
  });
}

/**
 * Rewrites a content item's text with the AI provider. The previous text is kept as a TEXT
 * asset and the revision count goes up, in one transaction. Returns the content id.
 */
export async function regenerateContent({ viewer, id, input }: { viewer: Viewer | null; id: string; input: unknown }) {
  const user = requireViewer(viewer);
  const { idempotencyKey, instructions } = parseInput(regenerateContentInput, input);
  const content = await prisma.content.findFirst({ where: { id, ...inOwnedBusinessWhere(user) }, include: { campaign: { include: { business: true } } } });
  if (!content) throw new NotFoundError('Content');
  if (!regenerable.has(content.status)) {
    throw new InvalidTransitionError('Content', content.status, content.status, [], `Content that is ${content.status} cannot be regenerated`);
  }
  return runOnce({
    userId: user.id,
    key: idempotencyKey,
    operation: 'regenerateContent',
    request: { id, instructions },
    run: async () => {
      await consumeRateLimit(user.id, 'CONTENT_REGENERATION');
      await checkMonthlyBudget(content.campaign.business);
      const previous = { caption: content.caption, hashtags: content.hashtags as string[], script: content.script };
      const request: ContentRequest = {
        business: businessProfileOf(content.campaign.business),
        campaign: campaignContext(content.campaign),
        platform: content.platform,
        contentType: content.contentType,
        day: content.day,
        theme: content.title ?? content.caption.slice(0, 200),
        instructions,
        previous,
      };
      const started = performance.now();
      const result = await callProvider({ feature: 'CONTENT_REGENERATION', userId: user.id, businessId: content.businessId }, promptText(contentPrompt(request)), (p) =>
        p.writeContent(request),
      );
      const previousMetadata = content.aiMetadata as { model?: string } | null;
      await prisma.$transaction([
        prisma.contentAsset.create({
          data: {
            contentId: id,
            assetType: 'TEXT',
            text: previous.caption,
            generator: previousMetadata?.model ?? 'human',
            prompt: instructions,
            parameters: { revision: content.revisionCount, title: content.title, hashtags: previous.hashtags, script: previous.script },
          },
        }),
        prisma.content.update({
          where: { id },
          data: {
            ...fitGeneratedContent(content.platform, result.value),
            revisionCount: { increment: 1 },
            aiMetadata: { model: result.model, tokensUsed: result.promptTokens + result.completionTokens, generationTimeMs: Math.round(performance.now() - started) },
          },
        }),
      ]);
      scheduleTagging([id], user.id);
      return id;
    },
  });
}
