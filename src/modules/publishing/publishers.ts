import type { Config } from '../../config.ts';
import type { SocialProvider } from '../../domain/enums.ts';
import { createAyrsharePublisher } from './ayrshare-publisher.ts';
import { offlinePublisher } from './offline-publisher.ts';
import type { Publisher } from './publisher.ts';
import { createWebhookPublisher } from './webhook-publisher.ts';

/** Providers that can be connected today. */
export const availableProviders: readonly SocialProvider[] = ['OFFLINE', 'WEBHOOK', 'AYRSHARE'];

export function publisherFor(provider: SocialProvider, config: Config): Publisher {
  switch (provider) {
    case 'OFFLINE':
      return offlinePublisher;
    case 'WEBHOOK':
      return createWebhookPublisher({ allowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS });
    case 'AYRSHARE':
      return createAyrsharePublisher({ baseUrl: config.AYRSHARE_BASE_URL, allowPrivateUrls: config.AYRSHARE_ALLOW_PRIVATE_URLS });
    default:
      throw new Error(`No publisher for ${provider}`);
  }
}
