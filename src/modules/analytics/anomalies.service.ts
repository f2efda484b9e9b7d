import type { AppContext } from '../../context.ts';
import { databaseProvider } from '../../db/provider.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { type AnomalyRow, type AnomalyUnit, anomalousReadings, type Window } from './rollup-queries.ts';

export interface Anomaly {
  kind: AnomalyUnit;
  campaignId: string;
  contentId: string | null;
  engagementRate: number;
  median: number;
  score: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

const anomalyOf = (kind: AnomalyUnit, row: AnomalyRow): Anomaly => ({
  kind,
  campaignId: row.campaignId,
  contentId: kind === 'CONTENT' ? row.id : null,
  engagementRate: round(row.engagementRate),
  median: round(row.median),
  score: round((0.6745 * (row.engagementRate - row.median)) / row.mad),
});

/** The contents and campaigns of a business read in the window whose engagement is far outside its usual range (viewer null: the system). */
export async function findAnomalies(viewer: Viewer | null, businessId: string, window: Window & { only?: { campaignId: string; contentId: string } }): Promise<Anomaly[]> {
  const provider = databaseProvider();
  const scope = { viewer, businessId };
  const [contents, campaigns] = await Promise.all([
    anomalousReadings(provider, scope, 'CONTENT', { ...window, only: window.only?.contentId }),
    anomalousReadings(provider, scope, 'CAMPAIGN', { ...window, only: window.only?.campaignId }),
  ]);
  return [...contents.map((row) => anomalyOf('CONTENT', row)), ...campaigns.map((row) => anomalyOf('CAMPAIGN', row))];
}

/**
 * After a new reading (committed): announces the content, and its campaign, when their engagement
 * is now far outside the business's usual range. In the background: the write has answered.
 */
export function announceAnomalies(app: AppContext, change: { businessId: string; campaignId: string; contentId: string }) {
  findAnomalies(null, change.businessId, { from: null, to: null, only: change })
    .then((anomalies) => {
      for (const { contentId, ...anomaly } of anomalies) app.events.publish('analyticsAnomaly', { businessId: change.businessId, actorId: null, ...anomaly, ...(contentId ? { contentId } : {}) });
    })
    .catch((error: unknown) => app.logger.warn({ err: error }, 'could not check engagement for anomalies'));
}
