import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import { prisma } from '../db/client.ts';
import { databaseProvider } from '../db/provider.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors.ts';
import type { Prisma } from '../generated/prisma-postgresql/client.ts';
import type { Logger } from '../logger.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';

export type CacheLayer = 'memory' | 'redis' | 'database';
const layers: readonly CacheLayer[] = ['memory', 'redis', 'database'];

/** One cached value: of a business, in one invalidation scope of it (`campaign:<id>`, `business:<id>`), under a key. */
export interface CacheRef {
  businessId: string;
  scope: string;
  key: string;
}

export interface CacheSettings {
  memoryTtlMs: number;
  memoryMaxEntries: number;
  redisTtlMs: number;
  databaseTtlMs: number;
  redis?: Redis;
  redisPrefix: string;
}

export interface LayerCounts {
  layer: CacheLayer;
  hits: number;
  misses: number;
}

export interface LayeredCache {
  /**
   * The values of `refs`, from the first layer that has each; the missing ones are computed with
   * one call (`compute` gets their indexes) and written to every layer. `revive` restores what
   * JSON lost (dates) in values read from Redis or the database.
   */
  getMany<T>(refs: readonly CacheRef[], compute: (missing: number[]) => Promise<T[]>, revive?: (value: T) => T): Promise<T[]>;
  /** After a write commits: what was cached in these scopes of the business is never read again, on any instance. */
  invalidate(businessId: string, scopes: readonly string[]): Promise<void>;
  /** Hits and misses per layer since start in this process, of one business or (without) of all. */
  counts(businessId?: string): LayerCounts[];
  /** Keys the database layer holds (unexpired) for the business. */
  storedEntries(businessId: string, now: Date): Promise<number>;
}

const MAX_TRACKED_BUSINESSES = 10_000;

/**
 * memory (lru-cache) → Redis (when configured) → database (the AiCache table), each with its TTL.
 * Invalidation is by generation: each scope has a token in the database, replaced by every write
 * that changes it, and every key carries the token read just before the lookup. A value computed
 * before a write can then only land under the old token, which nobody asks for any more: no
 * instance can serve it, whatever the order of the write, the lookup and Redis messages.
 */
export function createLayeredCache(settings: CacheSettings, metrics: MetricsRegistry, logger: Logger): LayeredCache {
  const memory = new LRUCache<string, { value: unknown }>({ max: settings.memoryMaxEntries, ttl: settings.memoryTtlMs });
  const lookups = metrics.counter({
    name: 'herald_cache_lookups_total',
    help: 'Cache lookups per layer (memory, redis, database) and result (hit, miss).',
    labelNames: ['layer', 'result'] as const,
  });
  const total = new Map(layers.map((layer) => [layer, { hits: 0, misses: 0 }]));
  const perBusiness = new LRUCache<string, Map<CacheLayer, { hits: number; misses: number }>>({ max: MAX_TRACKED_BUSINESSES });
  const activeLayers = layers.filter((layer) => layer !== 'redis' || settings.redis);

  function count(layer: CacheLayer, businessId: string, hit: boolean) {
    lookups.inc({ layer, result: hit ? 'hit' : 'miss' });
    let business = perBusiness.get(businessId);
    if (!business) perBusiness.set(businessId, (business = new Map(layers.map((l) => [l, { hits: 0, misses: 0 }]))));
    for (const counts of [total.get(layer), business.get(layer)]) if (counts) counts[hit ? 'hits' : 'misses']++;
  }

  const scopeId = (ref: Pick<CacheRef, 'businessId' | 'scope'>) => `${ref.businessId}/${ref.scope}`;

  async function tokensOf(refs: readonly CacheRef[]) {
    const scopes = [...new Set(refs.map(scopeId))];
    const rows = await prisma.cacheGeneration.findMany({ where: { scope: { in: scopes } }, select: { scope: true, token: true } });
    const tokens = new Map(rows.map((row) => [row.scope, row.token]));
    // A scope never written has no row: its generation is the initial one.
    return refs.map((ref) => tokens.get(scopeId(ref)) ?? 'initial');
  }

  const redisKey = (key: string) => `${settings.redisPrefix}:cache:${key}`;

  async function fromRedis(keys: string[]): Promise<(string | null)[]> {
    if (!settings.redis || !keys.length) return keys.map(() => null);
    try {
      return await settings.redis.mget(...keys.map(redisKey));
    } catch (error) {
      logger.warn({ err: error }, 'cache: Redis read failed; falling through to the database');
      return keys.map(() => null);
    }
  }

  async function toRedis(entries: [string, string][]) {
    if (!settings.redis || !entries.length) return;
    const pipeline = settings.redis.pipeline();
    for (const [key, json] of entries) pipeline.set(redisKey(key), json, 'PX', settings.redisTtlMs);
    await pipeline.exec().catch((error: unknown) => logger.warn({ err: error }, 'cache: Redis write failed'));
  }

  type Stored = { key: string; businessId: string; value: Prisma.InputJsonObject; expiresAt: Date };

  /**
   * Best effort, like Redis: a failed write only costs a later recomputation. Every value of a
   * lookup is written with two statements: a key can only have a row already when it expired (keys
   * carry their scope's generation) or when a concurrent miss wrote the same value.
   */
  async function toDatabase(entries: Stored[]) {
    try {
      await prisma.aiCache.deleteMany({ where: { key: { in: entries.map((entry) => entry.key) } } });
      await prisma.aiCache.createMany({ data: entries });
    } catch (error) {
      if (!isUniqueViolation(error) && !isForeignKeyViolation(error)) {
        logger.warn({ err: error }, 'cache: database write failed');
        return;
      }
      // A concurrent miss inserted a key between the two, or a business was deleted meanwhile (a
      // foreign key): write them one by one, so that only those are lost.
      await Promise.all(
        entries.map(({ key, businessId, value, expiresAt }) =>
          prisma.aiCache.upsert({ where: { key }, create: { key, businessId, value, expiresAt }, update: { value, expiresAt } }).catch((error: unknown) => {
            if (!isUniqueViolation(error) && !isForeignKeyViolation(error)) logger.warn({ err: error }, 'cache: database write failed');
          }),
        ),
      );
    }
  }

  return {
    async getMany<T>(refs: readonly CacheRef[], compute: (missing: number[]) => Promise<T[]>, revive: (value: T) => T = (value) => value) {
      if (!refs.length) return [];
      const tokens = await tokensOf(refs);
      const keys = refs.map((ref, index) => `${ref.businessId}|${ref.scope}@${tokens[index]}|${ref.key}`);
      const values: (T | undefined)[] = refs.map(() => undefined);

      let pending: number[] = [];
      keys.forEach((key, index) => {
        const entry = memory.get(key);
        count('memory', refs[index].businessId, entry !== undefined);
        if (entry) values[index] = entry.value as T;
        else pending.push(index);
      });

      if (settings.redis && pending.length) {
        const found = await fromRedis(pending.map((index) => keys[index]));
        const still: number[] = [];
        pending.forEach((index, position) => {
          const json = found[position];
          count('redis', refs[index].businessId, json !== null);
          if (json === null) return void still.push(index);
          values[index] = revive(JSON.parse(json) as T);
          memory.set(keys[index], { value: values[index] });
        });
        pending = still;
      }

      if (pending.length) {
        const now = new Date();
        const rows = await prisma.aiCache.findMany({ where: { key: { in: pending.map((index) => keys[index]) }, expiresAt: { gt: now } }, select: { key: true, value: true } });
        const byKey = new Map(rows.map((row) => [row.key, row.value]));
        const still: number[] = [];
        const promote: [string, string][] = [];
        for (const index of pending) {
          const stored = byKey.get(keys[index]);
          count('database', refs[index].businessId, stored !== undefined);
          if (stored === undefined) {
            still.push(index);
            continue;
          }
          const value = (stored as { v: T }).v;
          values[index] = revive(value);
          memory.set(keys[index], { value: values[index] });
          promote.push([keys[index], JSON.stringify(value)]);
        }
        await toRedis(promote);
        pending = still;
      }

      if (pending.length) {
        const computed = await compute(pending);
        const expiresAt = new Date(Date.now() + settings.databaseTtlMs);
        const written: [string, string][] = [];
        pending.forEach((index, position) => {
          values[index] = computed[position];
          memory.set(keys[index], { value: computed[position] });
          written.push([keys[index], JSON.stringify(computed[position])]);
        });
        await toRedis(written);
        // The JSON round trip gives the database what Redis holds (dates as strings); wrapped, since
        // the column wants an object.
        await toDatabase(
          pending.map((index, position) => ({
            key: keys[index],
            businessId: refs[index].businessId,
            value: { v: JSON.parse(written[position][1]) as Prisma.InputJsonValue },
            expiresAt,
          })),
        );
      }
      return values as T[];
    },

    async invalidate(businessId, scopes) {
      const ids = [...new Set(scopes)].map((scope) => scopeId({ businessId, scope }));
      if (!ids.length) return;
      const upserts = () => ids.map((id) => prisma.cacheGeneration.upsert({ where: { scope: id }, create: { scope: id, businessId, token: randomUUID() }, update: { token: randomUUID() } }));
      // On SQLite one transaction for all the scopes (each commit is a synced write that holds up the
      // process); on PostgreSQL each on its own pooled connection at once (a transaction would add round trips).
      const replace = () => (databaseProvider() === 'sqlite' ? prisma.$transaction(upserts()) : Promise.all(upserts()));
      // Two writers creating the first token of a scope at once: the loser's retry finds the row and replaces it.
      await replace().catch((error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        return replace();
      });
    },

    counts(businessId) {
      const source = businessId ? perBusiness.get(businessId) : total;
      return activeLayers.map((layer) => ({ layer, ...(source?.get(layer) ?? { hits: 0, misses: 0 }) }));
    },

    storedEntries: (businessId, now) => prisma.aiCache.count({ where: { businessId, expiresAt: { gt: now } } }),
  };
}
