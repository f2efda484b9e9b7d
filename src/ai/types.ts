import type { AiFeature, CampaignType, ContentType, Industry, Platform } from '../domain/enums.ts';
import type { CalendarEntry, ContentPreferences, TargetAudience } from '../domain/json-columns.ts';

export type { CalendarEntry };

// The contract between Herald and its AI providers. Services build these requests from the
// database; providers return validated values plus what the call cost.

export interface BusinessProfile {
  name: string;
  industry: Industry;
  description: string | null;
  brandVoice: string | null;
  targetAudience: TargetAudience | null;
  contentPreferences: ContentPreferences | null;
}

export interface CampaignPlanRequest {
  business: BusinessProfile;
  goal: string;
  campaignType: CampaignType;
  durationDays: number;
  platforms: Platform[];
  startDate: Date | null;
}

export interface CampaignPlan {
  name: string;
  strategySummary: string;
  contentStyle: string;
  visualStyle: string;
  hashtagStrategy: string;
  ctaPattern: string;
  /** "HH:MM", 24-hour. */
  optimalTimes: string[];
  /** Posts per week. */
  postingFrequency: number;
  /** USD, for producing the campaign's content. */
  estimatedCost: number;
  /** Days 1..durationDays; one content item is generated per entry. */
  contentCalendar: CalendarEntry[];
}

export interface ContentRequest {
  business: BusinessProfile;
  campaign: { name: string; goal: string; campaignType: CampaignType; hashtagStrategy: string | null; ctaPattern: string | null };
  platform: Platform;
  contentType: ContentType;
  day: number;
  theme: string;
  instructions: string | null;
  /** Set when regenerating: the text being replaced. */
  previous: { caption: string; hashtags: string[]; script: string | null } | null;
}

export interface GeneratedContent {
  title: string | null;
  caption: string;
  /** Without '#'. */
  hashtags: string[];
  /** For video-like types (VIDEO, REEL, LIVE, STORY); null otherwise. */
  script: string | null;
}

export interface ReplyRequest {
  business: BusinessProfile;
  platform: Platform;
  incomingMessage: string;
  senderHandle: string | null;
}

export interface ReplyDraft {
  reply: string;
  /** 0..1: how sure the provider is that the reply can go out unreviewed. */
  confidence: number;
  /** Complaint, refund, legal or safety matter: a person must handle it. */
  escalate: boolean;
  reason: string | null;
}

export type Sentiment = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE' | 'MIXED';

export interface ClassificationRequest {
  /** The content's title, caption, hashtags and script, as one text. */
  text: string;
  platform: Platform;
  contentType: ContentType;
  /** The candidate categories to choose from (nearest by similarity), best first. */
  categories: { name: string; description: string | null; keywords: string[] }[];
  /** Tags already known to the system that may fit (nearest by similarity). */
  tagCandidates: string[];
  /**
   * A bounded sample of the business's other content, to tell which phrases are distinctive for
   * this post rather than said in every post of the business. Not part of the prompt.
   */
  businessTexts?: readonly string[];
  /** The business's own name: never a tag of its posts (its hashtag may be). Not part of the prompt. */
  businessName?: string;
}

export interface Classification {
  /** One of the candidate names, or null when none fits. */
  category: string | null;
  /** 0..1 */
  confidence: number;
  /** Up to 10 short topic tags (lower-case words, no '#'), from the candidates or new. */
  tags: string[];
  sentiment: Sentiment;
  /** 0..1: how ready to publish the text is (clarity, call to action, length for the platform). */
  qualityScore: number;
}

export interface AiResult<T> {
  value: T;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export type ProviderName = 'openai' | 'offline';

export interface AiProvider {
  readonly name: ProviderName;
  planCampaign(request: CampaignPlanRequest): Promise<AiResult<CampaignPlan>>;
  writeContent(request: ContentRequest): Promise<AiResult<GeneratedContent>>;
  draftReply(request: ReplyRequest): Promise<AiResult<ReplyDraft>>;
  classifyContent(request: ClassificationRequest): Promise<AiResult<Classification>>;
  /** One vector per text, all of the same dimension, L2-normalised. */
  embed(texts: string[]): Promise<AiResult<number[][]>>;
}

/** A provider call that failed for good (after its retries): surfaced as AI_PROVIDER_ERROR. */
export class AiProviderError extends Error {
  constructor(
    message: string,
    readonly model: string,
    readonly usage: { promptTokens: number; completionTokens: number } = { promptTokens: 0, completionTokens: 0 },
  ) {
    super(message);
  }
}

/** One provider call as its AiLog row records it, without who made it or for which business. */
export interface AiCallRecord {
  feature: AiFeature;
  provider: string;
  model: string;
  status: 'SUCCESS' | 'ERROR';
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  responseTimeMs: number;
}

export type AiCallObserver = (call: AiCallRecord) => void;
