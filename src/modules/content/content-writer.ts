import { businessProfileOf } from '../../ai/business-profile.ts';
import { fitGeneratedContent } from '../../ai/fit-content.ts';
import { callProvider } from '../../ai/logged-call.ts';
import { contentPrompt, promptText } from '../../ai/prompts.ts';
import type { ContentRequest } from '../../ai/types.ts';
import type { AppContext } from '../../context.ts';
import type { AiFeature } from '../../domain/enums.ts';
import type { Business, Campaign } from '../../generated/prisma-postgresql/client.ts';

/** What a content request says about the campaign it belongs to. */
export const campaignBrief = ({ name, goal, campaignType, hashtagStrategy, ctaPattern }: Pick<Campaign, 'name' | 'goal' | 'campaignType' | 'hashtagStrategy' | 'ctaPattern'>) => ({
  name,
  goal,
  campaignType,
  hashtagStrategy,
  ctaPattern,
});

/** A content request for a business, with the rest of what the item is about. */
export const contentRequestFor = (business: Business, request: Omit<ContentRequest, 'business'>): ContentRequest => ({
  business: businessProfileOf(business),
  ...request,
});

/**
 * Has the provider write one content item and returns the columns to store: the text fitted to
 * the platform, and what the call cost in aiMetadata. The one way generated text reaches a row.
 */
export async function writeContentWithAi(
  app: AppContext,
  { request, feature, userId, businessId, campaignId }: { request: ContentRequest; feature: AiFeature; userId: string; businessId: string; campaignId: string },
) {
  const started = performance.now();
  const result = await callProvider(app.ai, { feature, userId, businessId, campaignId }, promptText(contentPrompt(request)), (provider) => provider.writeContent(request));
  return {
    ...fitGeneratedContent(request.platform, result.value),
    aiMetadata: { model: result.model, tokensUsed: result.promptTokens + result.completionTokens, generationTimeMs: Math.round(performance.now() - started) },
  };
}
