import type { AppContext } from '../../context.ts';
import type { ContentStatus } from '../../domain/enums.ts';
import type { EventActor } from '../../realtime/events.ts';

interface ContentRef {
  id: string;
  businessId: string;
  campaignId: string;
}

/** Tells subscribers content moved along the pipeline; call after the write committed. */
export function announceContentStatus(
  app: AppContext,
  content: ContentRef,
  change: { previousStatus: ContentStatus | null; status: ContentStatus } & EventActor,
) {
  app.events.publish('contentStatusChanged', { businessId: content.businessId, campaignId: content.campaignId, contentId: content.id, ...change });
  if (change.status === 'REVIEW') {
    app.events.publish('reviewRequested', { businessId: content.businessId, campaignId: content.campaignId, contentId: content.id, actorId: change.actorId, actorApiKeyId: change.actorApiKeyId });
  }
}

/** The one announcement of new content (by hand, generated, or a whole campaign's worth). */
export function announceContentCreated(app: AppContext, contents: readonly (ContentRef & { status: ContentStatus })[], actor: EventActor) {
  for (const content of contents) announceContentStatus(app, content, { previousStatus: null, status: content.status, ...actor });
}
