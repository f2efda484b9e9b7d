import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { providerOf, sqliteFilePath } from '../db/adapter.ts';

/**
 * The key tokens are signed with. No secret is built into the code: without JWT_SECRET, a SQLite
 * installation creates a random one once and keeps it beside its data (readable by its owner only),
 * so tokens survive restarts; PostgreSQL installations, which run as several instances, must set it.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (providerOf(config.DATABASE_URL) !== 'sqlite') {
    throw new Error('Invalid configuration: JWT_SECRET is required with PostgreSQL (every instance must sign with the same key)');
  }
  const file = join(dirname(sqliteFilePath(config.DATABASE_URL)), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    // Another process starting on the same data created it first.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
