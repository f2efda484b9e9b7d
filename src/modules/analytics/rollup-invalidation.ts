import type { AppContext } from '../../context.ts';

/** The cache scopes a change to a campaign's content or engagement makes stale. */
export const rollupScopes = ({ businessId, campaignId }: { businessId: string; campaignId: string }) => [`campaign:${campaignId}`, `business:${businessId}`];

/** Call after the write commits and before answering: every instance then computes its rollups afresh. */
export const invalidateRollups = (app: AppContext, change: { businessId: string; campaignId: string }) => app.cache.invalidate(change.businessId, rollupScopes(change));

/**
 * Changes that shift a rollup without a snapshot (a content published, retyped, predicted, moved
 * between statuses) are heard from the events their writes announce; this instance published
 * them, so one invalidation per change, whichever instance serves the next read.
 */
export function invalidateRollupsOnEvents(app: AppContext) {
  return app.events.observe((name, event) => {
    if (name !== 'contentStatusChanged' && name !== 'contentTagged' && name !== 'campaignUpdated') return;
    const { businessId, campaignId } = event as { businessId: string; campaignId: string };
    invalidateRollups(app, { businessId, campaignId }).catch((error: unknown) => app.logger.warn({ err: error }, 'cache: could not invalidate rollups'));
  });
}
