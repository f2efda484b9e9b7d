import { findBusinessFor } from '../../auth/tenancy.ts';
import type { LayerCounts } from '../../cache/layered-cache.ts';
import { builder } from '../../graphql/builder.ts';
import { localId } from '../../graphql/ids.ts';

const CacheLayerStats = builder.objectRef<LayerCounts>('CacheLayerStats').implement({
  fields: (t) => ({
    layer: t.exposeString('layer', { description: 'memory, redis (only with REDIS_URL) or database.' }),
    hits: t.exposeInt('hits'),
    misses: t.exposeInt('misses'),
  }),
});

const CacheStats = builder.objectRef<{ layers: LayerCounts[]; storedEntries: number }>('CacheStats').implement({
  description: "The business's lookups on the instance that answers (since it started), and the entries the shared database layer holds for it.",
  fields: (t) => ({ layers: t.field({ type: [CacheLayerStats], resolve: (s) => s.layers }), storedEntries: t.exposeInt('storedEntries') }),
});

builder.queryField('cacheStats', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: CacheStats,
    description: "Cache hits and misses per layer for one business: for its OWNER and ADMINs (process-wide numbers are on /metrics, for operators).",
    args: { businessId: t.arg.id({ required: true }) },
    resolve: async (_root, { businessId }, ctx) => {
      const id = localId(String(businessId), 'Business');
      await findBusinessFor(ctx.viewer, id, 'manageMembers');
      return { layers: ctx.app.cache.counts(id), storedEntries: await ctx.app.cache.storedEntries(id, ctx.app.clock.now()) };
    },
  }),
);
