import type { ContentType, Platform, SocialProvider } from '../../domain/enums.ts';
import type { Media } from '../../domain/json-columns.ts';

export interface PublishedAccount {
  id: string;
  platform: Platform;
  provider: SocialProvider;
  handle: string;
  url: string | null;
  secret: string | null;
  profileKey: string | null;
}

export interface PostToPublish {
  /** Stable for one scheduled publication, across retries: receivers de-duplicate on it. */
  messageId: string;
  contentId: string;
  businessId: string;
  platform: Platform;
  contentType: ContentType;
  title: string | null;
  caption: string;
  hashtags: string[];
  mentions: string[];
  script: string | null;
  media: Media | null;
  scheduledAt: Date | null;
}

export interface PublishedPost {
  postUrl: string | null;
  platformPostId: string | null;
}

/** Cumulative counters of a post at the time they were read. */
export interface PostMetrics {
  impressions: number;
  reach: number;
  views: number;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  clicks: number;
}

/** One publishing provider: OFFLINE, WEBHOOK or AYRSHARE. */
export interface Publisher {
  publish(account: PublishedAccount, post: PostToPublish, signal: AbortSignal): Promise<PublishedPost>;
  /** Null when the provider cannot read a post's metrics (WEBHOOK). */
  readonly metrics: null | ((account: PublishedAccount, post: { contentId: string; platformPostId: string; publishedAt: Date }, now: Date, signal: AbortSignal) => Promise<PostMetrics>);
}

/** A refusal that no retry can change (a missing account, a post the provider rejects as invalid). */
export class PermanentPublishError extends Error {}
