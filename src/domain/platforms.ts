import type { ContentType, Platform } from './enums.ts';

// What each platform accepts and what works on it: the API validates against these, the AI
// prompts quote them, the offline provider follows them.

/** Character limits the platforms themselves enforce on a post's text. */
export const captionLimits: Readonly<Record<Platform, number>> = {
  TWITTER: 280,
  SMS: 160,
  INSTAGRAM: 2_200,
  TIKTOK: 2_200,
  LINKEDIN: 3_000,
  YOUTUBE: 5_000,
  FACEBOOK: 5_000,
  EMAIL: 5_000,
};

/** Hashtags one content item may carry, whatever the platform. */
export const MAX_HASHTAGS = 30;

/** Formats that are filmed, so they come with a script. */
export const scriptedContentTypes: readonly ContentType[] = ['VIDEO', 'REEL', 'LIVE', 'STORY'];
export const needsScript = (contentType: ContentType) => scriptedContentTypes.includes(contentType);

/** Formats that suit each platform, the first being its staple. */
export const platformContentTypes: Readonly<Record<Platform, readonly ContentType[]>> = {
  INSTAGRAM: ['REEL', 'POST', 'CAROUSEL', 'STORY'],
  FACEBOOK: ['POST', 'VIDEO'],
  LINKEDIN: ['POST', 'CAROUSEL'],
  TWITTER: ['POST'],
  TIKTOK: ['VIDEO'],
  YOUTUBE: ['VIDEO'],
  EMAIL: ['EMAIL'],
  SMS: ['SMS'],
};

/** How many hashtags to write for each platform. */
export const hashtagCounts: Readonly<Record<Platform, { min: number; max: number }>> = {
  INSTAGRAM: { min: 8, max: 10 },
  TIKTOK: { min: 3, max: 5 },
  TWITTER: { min: 1, max: 2 },
  LINKEDIN: { min: 3, max: 5 },
  FACEBOOK: { min: 1, max: 3 },
  YOUTUBE: { min: 3, max: 5 },
  EMAIL: { min: 0, max: 0 },
  SMS: { min: 0, max: 0 },
};
