import type { Config } from '../config.ts';
import { providerOf } from '../db/adapter.ts';
import type { Logger } from '../logger.ts';
import { enablePgvector } from './pgvector.ts';

/**
 * How semantic search compares vectors: sqlite-vec inside the query on SQLite; on PostgreSQL
 * pgvector inside the query when the server has it, else an exact scan in the process.
 */
export type VectorSearch = 'sqlite-vec' | 'pgvector' | 'exact-scan';

/** Decided once at start, after the migrations: on PostgreSQL this may create pgvector's side table. */
export async function startVectorSearch(config: Pick<Config, 'DATABASE_URL' | 'PGVECTOR'>, logger: Logger): Promise<VectorSearch> {
  if (providerOf(config.DATABASE_URL) === 'sqlite') return 'sqlite-vec';
  if (config.PGVECTOR === 'off') return 'exact-scan';
  return (await enablePgvector(logger)) ? 'pgvector' : 'exact-scan';
}
