import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { RateLimits } from '../rate-limits.ts';
import type { AiFeature } from '../domain/enums.ts';
import { createOfflineProvider, OFFLINE_CHAT_MODEL, OFFLINE_EMBEDDING_MODEL } from './offline/index.ts';
import { createPriceTable, type PriceTable } from './pricing.ts';
import type { AiCallObserver, AiProvider } from './types.ts';

export interface AiRuntime {
  provider: AiProvider;
  /** The model embeddings are stored under, to know when a stored vector can be reused. */
  embeddingModel: string;
  /** Whether new and edited content is categorised and tagged in the background. */
  autoTagging: boolean;
  price: PriceTable;
  /** Calls per user and feature per minute; shared by all instances through Redis when configured. */
  rateLimiter: RateLimiterAbstract;
  budgets: Record<'FREE' | 'PRO' | 'ENTERPRISE', number>;
  generationConcurrency: number;
  /** The most one provider call for the feature can cost (a repair attempt included), to reserve it first. */
  maxCallCostUsd(feature: AiFeature, promptText: string): number;
  /** Told of every provider call as it is logged (the metrics count them). */
  observeCall: AiCallObserver;
}

// A byte-level BPE token (OpenAI's and most others') covers at least one UTF-8 byte, so a prompt has
// at most as many tokens as bytes, in any language.

/**
 * OpenAI when a key is configured (or AI_PROVIDER=openai), else the offline provider. The OpenAI
 * client is loaded only when it is the one in use.
 */
/** Whether the configuration names the OpenAI-compatible provider (AI_PROVIDER, else an OPENAI_API_KEY). */
export const usesOpenAi = (config: Config) => (config.AI_PROVIDER ?? (config.OPENAI_API_KEY ? 'openai' : 'offline')) === 'openai';

/** The OpenAI-compatible provider as configured (loaded only when used). */
export async function openAiProviderFor(config: Config) {
  return (await import('./openai.ts')).createOpenAiProvider({
    apiKey: config.OPENAI_API_KEY as string,
    baseURL: config.OPENAI_BASE_URL,
    chatModel: config.OPENAI_CHAT_MODEL,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    maxCompletionTokens: config.AI_MAX_COMPLETION_TOKENS,
    structuredOutputs: config.OPENAI_STRUCTURED_OUTPUTS,
  });
}

export async function createAiRuntime(config: Config, rateLimits: RateLimits, observeCall: AiCallObserver): Promise<AiRuntime> {
  const useOpenAi = usesOpenAi(config);
  const provider = useOpenAi ? await openAiProviderFor(config) : createOfflineProvider();
  const chatModel = useOpenAi ? config.OPENAI_CHAT_MODEL : OFFLINE_CHAT_MODEL;
  const embeddingModel = useOpenAi ? config.OPENAI_EMBEDDING_MODEL : OFFLINE_EMBEDDING_MODEL;
  const price = createPriceTable(config.AI_PRICES);
  return {
    provider,
    embeddingModel,
    autoTagging: config.AUTO_TAGGING,
    price,
    rateLimiter: rateLimits.create({ keyPrefix: 'ai', points: config.AI_RATE_LIMIT_PER_MINUTE, duration: 60 }),
    budgets: { FREE: config.AI_BUDGET_FREE_USD, PRO: config.AI_BUDGET_PRO_USD, ENTERPRISE: config.AI_BUDGET_ENTERPRISE_USD },
    generationConcurrency: config.AI_GENERATION_CONCURRENCY,
    observeCall,
    maxCallCostUsd(feature, promptText) {
      const model = feature === 'EMBEDDING' ? embeddingModel : chatModel;
      const promptTokens = Buffer.byteLength(promptText, 'utf8');
      const completionTokens = feature === 'EMBEDDING' ? 0 : config.AI_MAX_COMPLETION_TOKENS;
      // Two requests at most: the answer and one repair.
      return 2 * price(model, promptTokens, completionTokens);
    },
  };
}
