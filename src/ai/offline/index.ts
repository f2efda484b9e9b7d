import { z } from 'zod';
import { campaignPlanPrompt, classificationPrompt, contentPrompt, replyPrompt } from '../prompts.ts';
import { campaignPlanFor, classificationSchema, generatedContentFor, replyDraftSchema } from '../schemas.ts';
import { type AiProvider, AiProviderError } from '../types.ts';
import { classifyContent } from './classify.ts';
import { writeContent } from './content.ts';
import { embedText } from './embeddings.ts';
import { planCampaign } from './plan.ts';
import { draftReply } from './replies.ts';
import { estimateTokens, withUsage } from './usage.ts';

export const OFFLINE_CHAT_MODEL = 'herald-offline-1';
export const OFFLINE_EMBEDDING_MODEL = 'herald-offline-embed-1';

/**
 * A provider that needs no network or key: deterministic templates built from the business
 * profile and request, a lexical classifier, and hashed-feature embeddings. Output is checked
 * against the same schemas as a model's, so a failure here is a bug in the templates.
 */
export function createOfflineProvider(): AiProvider {
  return {
    name: 'offline',
    async planCampaign(request) {
      const plan = checked(campaignPlanFor(request.durationDays), planCampaign(request));
      return withUsage(plan, campaignPlanPrompt(request), OFFLINE_CHAT_MODEL);
    },
    async writeContent(request) {
      const content = checked(generatedContentFor(request.platform), writeContent(request));
      return withUsage(content, contentPrompt(request), OFFLINE_CHAT_MODEL);
    },
    async draftReply(request) {
      const draft = checked(replyDraftSchema, draftReply(request));
      return withUsage(draft, replyPrompt(request), OFFLINE_CHAT_MODEL);
    },
    async classifyContent(request) {
      const classification = checked(classificationSchema, classifyContent(request));
      return withUsage(classification, classificationPrompt(request), OFFLINE_CHAT_MODEL);
    },
    async embed(texts) {
      return {
        value: texts.map(embedText),
        model: OFFLINE_EMBEDDING_MODEL,
        promptTokens: texts.reduce((sum, text) => sum + estimateTokens(text), 0),
        completionTokens: 0,
      };
    },
  };
}

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AiProviderError(`The offline provider produced invalid output: ${z.prettifyError(result.error)}`, OFFLINE_CHAT_MODEL);
  }
  return result.data;
}
