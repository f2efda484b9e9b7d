import { z } from 'zod';
import type { Platform } from '../../domain/enums.ts';
import { url } from '../../domain/fields.ts';
import { publishedText } from '../../domain/publishing.ts';
import { type OutboundResponse, postJson } from '../../outbound-http.ts';
import { PermanentPublishError, type PostMetrics, type PublishedAccount, type Publisher } from './publisher.ts';

// Ayrshare's names for our platforms (the values of `platforms` in POST /post); it has none for
// EMAIL or SMS.
const ayrshareNames = {
  INSTAGRAM: 'instagram',
  FACEBOOK: 'facebook',
  LINKEDIN: 'linkedin',
  TWITTER: 'twitter',
  TIKTOK: 'tiktok',
  YOUTUBE: 'youtube',
} as const satisfies Partial<Record<Platform, string>>;
type AyrshareName = (typeof ayrshareNames)[keyof typeof ayrshareNames];

/** Platforms Ayrshare publishes to. */
export const ayrsharePlatforms = Object.keys(ayrshareNames) as Platform[];
const ayrshareName = (platform: Platform): AyrshareName | null => ayrshareNames[platform as keyof typeof ayrshareNames] ?? null;

// /post answers once the network took the post, which for a video can take a while.
const POST_TIMEOUT_MS = 60_000;
const ANALYTICS_TIMEOUT_MS = 30_000;
const MESSAGE_MAX = 1_000;
const YOUTUBE_TITLE_MAX = 100;

/**
 * Where each counter is in the `analytics` object Ayrshare returns for a post, by network: field
 * names as Ayrshare documents them (and checks them in its own API tests). A counter listed with
 * several fields is their sum; a counter a network does not report stays 0.
 */
const figureFields: Record<AyrshareName, Partial<Record<keyof PostMetrics, string[]>>> = {
  instagram: { impressions: ['impressionsCount'], reach: ['reachCount'], likes: ['likeCount'], comments: ['commentsCount'], saves: ['savedCount'] },
  facebook: { reach: ['impressionsUnique'], views: ['videoViews'], likes: ['likeCount'], comments: ['commentsCount'], shares: ['sharesCount'], clicks: ['clicksUnique'] },
  twitter: {
    impressions: ['nonPublicMetrics.impressionCount'],
    likes: ['publicMetrics.likeCount'],
    comments: ['publicMetrics.replyCount'],
    shares: ['publicMetrics.retweetCount', 'publicMetrics.quoteCount'],
  },
  linkedin: { impressions: ['impressionCount'], likes: ['likeCount'], comments: ['commentCount'], shares: ['shareCount'], clicks: ['clickCount'] },
  tiktok: { reach: ['reach'], views: ['videoViews'], likes: ['likes'], comments: ['comments'], shares: ['shares'] },
  youtube: { views: ['views'], likes: ['likes'], comments: ['comments'], shares: ['shares'] },
};

/** What /post answers when the post went out (the Ayrshare post id, and the network's own id and URL). */
const postReceipt = z.object({
  status: z.literal('success'),
  id: z.string().min(1).max(200),
  postIds: z.array(z.object({ platform: z.string(), postUrl: z.unknown().optional() })).default([]),
});

/** Ayrshare's error bodies: `errors`, one per network, and/or a top-level `message`. */
const errorBody = z.object({
  message: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional(), code: z.union([z.number(), z.string()]).optional() })).optional(),
});

export interface AyrshareSettings {
  /** AYRSHARE_BASE_URL: used when the account has no URL of its own. */
  baseUrl: string;
  allowPrivateUrls: boolean;
}

/**
 * Publishes through Ayrshare's REST API with the account's API key (`Authorization: Bearer`) and,
 * when set, its `Profile-Key`: POST /post, then POST /analytics/post for the engagement. The
 * content's platformPostId is the Ayrshare post id (what /analytics/post takes; the network's own
 * post is at postUrl). A 4xx is Ayrshare refusing the post or the key, so no retry changes it; a
 * 408, 429, 5xx or a network failure is retried. Neither key reaches an error message.
 */
export function createAyrsharePublisher({ baseUrl, allowPrivateUrls }: AyrshareSettings): Publisher {
  async function send(account: PublishedAccount, path: string, body: unknown, timeoutMs: number, signal: AbortSignal) {
    if (!account.secret) throw new PermanentPublishError('The AYRSHARE account has no API key: update the account with one');
    const headers: Record<string, string> = { Authorization: `Bearer ${account.secret}` };
    if (account.profileKey) headers['Profile-Key'] = account.profileKey;
    const endpoint = `${(account.url ?? baseUrl).replace(/\/+$/, '')}${path}`;
    return postJson(endpoint, body, { headers, timeoutMs, allowPrivate: allowPrivateUrls, signal });
  }

  return {
    async publish(account, post, signal) {
      const platform = ayrshareName(post.platform);
      if (!platform) throw new PermanentPublishError(`Ayrshare does not publish to ${post.platform}`);
      const video = post.media?.videoUrl;
      const media = video ?? post.media?.imageUrl;
      const body = {
        post: publishedText(post),
        platforms: [platform],
        ...(media ? { mediaUrls: [media] } : {}),
        // Ayrshare guesses the media type from the URL's extension unless told.
        ...(video ? { isVideo: true } : {}),
        // YouTube needs a title; Ayrshare uploads videos private unless asked otherwise.
        ...(platform === 'youtube' ? { youTubeOptions: { title: (post.title || post.caption).slice(0, YOUTUBE_TITLE_MAX), visibility: 'public' } } : {}),
      };
      const response = await send(account, '/post', body, POST_TIMEOUT_MS, signal);
      const said = ayrshareMessage(response, account);
      if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(`Ayrshare answered ${response.status}${said}`);
      if (response.status < 200 || response.status >= 300) throw new PermanentPublishError(`Ayrshare refused the post (${response.status})${said}`);
      const receipt = postReceipt.safeParse(response.json);
      if (!receipt.success) throw new PermanentPublishError(`Ayrshare did not confirm the post${said}`);
      const postUrl = url.safeParse(receipt.data.postIds.find((entry) => entry.platform === platform)?.postUrl);
      return { platformPostId: receipt.data.id, postUrl: postUrl.success ? postUrl.data : null };
    },

    async metrics(account, post, _now, signal) {
      const platform = ayrshareName(account.platform);
      if (!platform) throw new PermanentPublishError(`Ayrshare has no analytics for ${account.platform}`);
      const response = await send(account, '/analytics/post', { id: post.platformPostId, platforms: [platform] }, ANALYTICS_TIMEOUT_MS, signal);
      if (response.status < 200 || response.status >= 300) throw new Error(`Ayrshare analytics answered ${response.status}${ayrshareMessage(response, account)}`);
      // X/Twitter threads come as an array, one entry per tweet: ours is the first.
      const entry = [(response.json as Record<string, unknown> | null)?.[platform]].flat()[0] as { analytics?: unknown } | undefined;
      if (!entry?.analytics || typeof entry.analytics !== 'object') throw new Error(`Ayrshare returned no ${platform} analytics for the post`);
      return figuresOf(entry.analytics as Record<string, unknown>, figureFields[platform]);
    },
  };
}

function figuresOf(analytics: Record<string, unknown>, fields: Partial<Record<keyof PostMetrics, string[]>>): PostMetrics {
  const count = (path: string) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), analytics);
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
  };
  const sum = (counter: keyof PostMetrics) => (fields[counter] ?? []).reduce((total, path) => total + count(path), 0);
  return {
    impressions: sum('impressions'),
    reach: sum('reach'),
    views: sum('views'),
    likes: sum('likes'),
    comments: sum('comments'),
    shares: sum('shares'),
    saves: sum('saves'),
    clicks: sum('clicks'),
  };
}

/** Ayrshare's own words about a refusal, as ': …' (empty when it gave none), without the account's keys. */
function ayrshareMessage(response: OutboundResponse, account: Pick<PublishedAccount, 'secret' | 'profileKey'>): string {
  const body = errorBody.safeParse(response.json);
  if (!body.success) return '';
  const perNetwork = (body.data.errors ?? []).flatMap((error) => (error.message ? [error.code === undefined ? error.message : `${error.message} (Ayrshare error ${error.code})`] : []));
  let message = (perNetwork.length ? perNetwork.join('; ') : (body.data.message ?? '')).trim();
  for (const key of [account.secret, account.profileKey]) if (key) message = message.replaceAll(key, '[redacted]');
  return message ? `: ${message.slice(0, MESSAGE_MAX)}` : '';
}
