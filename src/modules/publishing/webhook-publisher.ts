import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { url } from '../../domain/fields.ts';
import { postJson } from '../../outbound-http.ts';
import { PermanentPublishError, type Publisher } from './publisher.ts';

const TIMEOUT_MS = 10_000;

/** What a receiver may answer with a 2xx: where the post now lives. */
const receipt = z.object({ postUrl: url.nullish(), platformPostId: z.string().min(1).max(200).nullish() });

/**
 * POSTs the post as JSON to the account's URL, signed by the Standard Webhooks scheme
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the account's secret; the id is
 * the same on every retry, so a receiver can de-duplicate. A 2xx means published. For Zapier, n8n,
 * Make or the user's own code.
 */
export function createWebhookPublisher({ allowPrivateUrls }: { allowPrivateUrls: boolean }): Publisher {
  return {
    async publish(account, post, signal) {
      if (!account.url || !account.secret) throw new PermanentPublishError('The webhook account has no URL or secret');
      const timestamp = new Date();
      const body = {
        type: 'content.publish',
        timestamp: timestamp.toISOString(),
        data: {
          contentId: post.contentId,
          businessId: post.businessId,
          platform: post.platform,
          handle: account.handle,
          contentType: post.contentType,
          title: post.title,
          caption: post.caption,
          hashtags: post.hashtags,
          mentions: post.mentions,
          script: post.script,
          media: post.media,
          scheduledAt: post.scheduledAt?.toISOString() ?? null,
        },
      };
      const signature = new Webhook(account.secret).sign(post.messageId, timestamp, JSON.stringify(body));
      const headers = { 'webhook-id': post.messageId, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
      const response = await postJson(account.url, body, { headers, timeoutMs: TIMEOUT_MS, allowPrivate: allowPrivateUrls, signal });
      if (response.status < 200 || response.status >= 300) throw new Error(`The webhook answered ${response.status}`);
      const parsed = receipt.safeParse(response.json ?? {});
      return { postUrl: parsed.success ? (parsed.data.postUrl ?? null) : null, platformPostId: parsed.success ? (parsed.data.platformPostId ?? null) : null };
    },
    metrics: null,
  };
}
