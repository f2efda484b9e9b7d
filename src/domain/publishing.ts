import type { Platform } from './enums.ts';
import type { FieldError } from './errors.ts';
import type { Media } from './json-columns.ts';
import { captionLimits } from './platforms.ts';

/** Platforms that publish no post without an image or a video, and those that need a video. */
const needsMedia: readonly Platform[] = ['INSTAGRAM', 'TIKTOK', 'YOUTUBE'];
const needsVideo: readonly Platform[] = ['TIKTOK', 'YOUTUBE'];

/** What stops content from being published on its platform as it stands; empty when nothing does. */
export function publishingProblems(content: { platform: Platform; caption: string; media: Media | null }): FieldError[] {
  const problems: FieldError[] = [];
  const limit = captionLimits[content.platform];
  if (content.caption.length > limit) problems.push({ path: ['caption'], message: `${content.platform} allows at most ${limit} characters` });
  const { imageUrl, videoUrl } = content.media ?? {};
  if (needsVideo.includes(content.platform) && !videoUrl) {
    problems.push({ path: ['media', 'videoUrl'], message: `${content.platform} publishes videos: add media.videoUrl first` });
  } else if (needsMedia.includes(content.platform) && !imageUrl && !videoUrl) {
    problems.push({ path: ['media'], message: `${content.platform} needs an image or a video: add media first` });
  }
  return problems;
}

/**
 * The text a provider publishes: the caption, then one line of the hashtags it does not already
 * carry (each '#tag ' counts against the caption's limit, as the writing prompts assume).
 */
export function publishedText(post: { caption: string; hashtags: string[] }): string {
  const inCaption = new Set([...post.caption.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((match) => match[1]!.toLowerCase()));
  const missing = [...new Set(post.hashtags)].filter((tag) => !inCaption.has(tag.toLowerCase()));
  return missing.length ? `${post.caption}\n${missing.map((tag) => `#${tag}`).join(' ')}` : post.caption;
}
