/** Interactions per person reached (per impression when reach is unknown), as a percentage. */
export function engagementRateOf(metrics: { likes: number; comments: number; shares: number; saves: number; reach: number; impressions: number }) {
  const audience = metrics.reach || metrics.impressions;
  if (!audience) return 0;
  return Math.round(((metrics.likes + metrics.comments + metrics.shares + metrics.saves) / audience) * 10_000) / 100;
}

export const engagementCounters = ['impressions', 'reach', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks', 'profileVisits', 'websiteClicks'] as const;
export type EngagementTotals = Record<(typeof engagementCounters)[number], number>;

/** The counters of several readings added up, with the engagement rate of the sum. */
export function sumEngagement(readings: readonly EngagementTotals[]): EngagementTotals & { engagementRate: number } {
  const totals = Object.fromEntries(engagementCounters.map((counter) => [counter, readings.reduce((sum, reading) => sum + reading[counter], 0)])) as EngagementTotals;
  return { ...totals, engagementRate: engagementRateOf(totals) };
}
