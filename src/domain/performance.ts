import type { ContentType, Platform } from './enums.ts';
import { needsScript } from './platforms.ts';

export interface ContentFeatures {
  platform: Platform;
  contentType: ContentType;
  caption: string;
  hashtags: string[];
  hasMedia: boolean;
  hasScript: boolean;
  hasTitle: boolean;
  /** Whether the scheduled time is within an hour of one of the campaign's optimal times. */
  atOptimalTime: boolean | null;
}

export interface History {
  /** Mean engagement rate (%) of the business's measured content on this platform. */
  platformEngagementRate: number;
  /** How many measured content items that mean rests on. */
  samples: number;
}

export interface Prediction {
  score: number;
  confidence: number;
}

// Caption lengths and hashtag counts that tend to perform on each platform (industry rules of thumb).
const idealCaption: Record<Platform, [number, number]> = {
  INSTAGRAM: [80, 400],
  FACEBOOK: [40, 250],
  LINKEDIN: [300, 1_300],
  TWITTER: [70, 250],
  TIKTOK: [30, 150],
  YOUTUBE: [100, 1_000],
  EMAIL: [300, 2_000],
  SMS: [40, 150],
};
const idealHashtags: Record<Platform, [number, number]> = {
  INSTAGRAM: [5, 12],
  FACEBOOK: [0, 3],
  LINKEDIN: [2, 5],
  TWITTER: [1, 2],
  TIKTOK: [3, 6],
  YOUTUBE: [2, 8],
  EMAIL: [0, 0],
  SMS: [0, 0],
};
const visualPlatforms = new Set<Platform>(['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'FACEBOOK']);

const within = (value: number, [low, high]: [number, number]) => (value >= low && value <= high ? 1 : value < low ? value / Math.max(low, 1) : high / value);

/** 0–100 from how well the content follows what works on its platform. */
function featureScore(f: ContentFeatures): number {
  const parts: [number, number][] = [
    [within(f.caption.length, idealCaption[f.platform]), 30],
    [within(f.hashtags.length, idealHashtags[f.platform]), 15],
    [visualPlatforms.has(f.platform) ? (f.hasMedia ? 1 : 0.3) : 1, 20],
    [needsScript(f.contentType) ? (f.hasScript ? 1 : 0.4) : 1, 15],
    [f.platform === 'EMAIL' ? (f.hasTitle ? 1 : 0.3) : 1, 5],
    [f.atOptimalTime === null ? 0.6 : f.atOptimalTime ? 1 : 0.5, 15],
  ];
  return parts.reduce((sum, [value, weight]) => sum + Math.max(0, Math.min(1, value)) * weight, 0);
}

/**
 * A transparent heuristic: the content's features, blended with the business's own measured
 * engagement on the platform when there is any. Confidence grows with that history.
 */
export function predictPerformance(features: ContentFeatures, history: History | null): Prediction {
  const fromFeatures = featureScore(features);
  if (!history || history.samples === 0) return { score: Math.round(fromFeatures), confidence: 0.3 };
  // An engagement rate of 10 % or more is excellent for organic social content.
  const fromHistory = Math.min(100, history.platformEngagementRate * 10);
  const historyWeight = Math.min(0.6, history.samples * 0.06);
  const score = fromFeatures * (1 - historyWeight) + fromHistory * historyWeight;
  return { score: Math.round(score), confidence: Math.round(Math.min(0.9, 0.3 + history.samples * 0.06) * 100) / 100 };
}
