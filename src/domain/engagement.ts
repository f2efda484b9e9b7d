/** Interactions per person reached (per impression when reach is unknown), as a percentage. */
export function engagementRateOf(metrics: { likes: number; comments: number; shares: number; saves: number; reach: number; impressions: number }) {
  const audience = metrics.reach || metrics.impressions;
  if (!audience) return 0;
  return Math.round(((metrics.likes + metrics.comments + metrics.shares + metrics.saves) / audience) * 10_000) / 100;
}
