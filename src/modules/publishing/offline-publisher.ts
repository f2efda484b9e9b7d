import { createHash } from 'node:crypto';
import type { PostMetrics, Publisher } from './publisher.ts';

const HOUR_MS = 3_600_000;

/** A number in [0, 1) fixed by the text: the same post always gets the same simulated audience. */
const unitFrom = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

/**
 * Publishes nowhere: the post gets a URL under the reserved `.invalid` domain, and metrics are
 * simulated (a reach that grows towards a ceiling fixed by the post, engagement a few per cent of
 * it). Snapshots it produces are labelled OFFLINE. For demos and development.
 */
export const offlinePublisher: Publisher = {
  async publish(_account, post) {
    const platformPostId = `offline-${post.contentId}`;
    return { platformPostId, postUrl: `https://offline.herald.invalid/${post.platform.toLowerCase()}/${platformPostId}` };
  },
  async metrics(_account, post, now) {
    const hours = Math.max(0, (now.getTime() - post.publishedAt.getTime()) / HOUR_MS);
    const ceiling = 500 + Math.floor(unitFrom(post.contentId) * 9_500);
    const rate = 0.02 + unitFrom(`${post.contentId}:rate`) * 0.06;
    const reach = Math.round(ceiling * (1 - Math.exp(-hours / 24)));
    const likes = Math.round(reach * rate);
    const metrics: PostMetrics = {
      reach,
      impressions: Math.round(reach * 1.3),
      views: Math.round(reach * 0.9),
      likes,
      comments: Math.round(likes * 0.08),
      shares: Math.round(likes * 0.05),
      saves: Math.round(likes * 0.04),
      clicks: Math.round(reach * 0.01),
    };
    return metrics;
  },
};
