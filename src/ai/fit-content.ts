import { captionLimits, MAX_HASHTAGS } from '../domain/platforms.ts';
import type { Platform } from '../domain/enums.ts';
import type { GeneratedContent } from './types.ts';


/**
 * Makes generated text fit what the API itself accepts: a caption within the platform's limit
 * (cut at a word boundary), hashtags without '#', only letters, digits and _, de-duplicated.
 */
export function fitGeneratedContent(platform: Platform, content: GeneratedContent): GeneratedContent {
  const limit = captionLimits[platform];
  let caption = content.caption.trim();
  if (caption.length > limit) {
    const cut = caption.slice(0, limit - 1);
    caption = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit / 2)).trimEnd()}…`;
  }
  const hashtags = [
    ...new Set(content.hashtags.map((tag) => tag.replace(/^#+/, '').replace(/[^\p{L}\p{N}_]/gu, '')).filter((tag) => tag.length > 0 && tag.length <= 100)),
  ].slice(0, MAX_HASHTAGS);
  return {
    title: content.title?.trim().slice(0, 200) || null,
    caption,
    hashtags,
    script: content.script?.trim().slice(0, 20_000) || null,
  };
}
