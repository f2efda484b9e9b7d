import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  if (!existsSync(file)) create(file);
  // Whoever can read it can sign in as anyone: keep it to the owner, and as strong as JWT_SECRET must be.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`Invalid configuration: ${file} must hold at least ${MIN_SECRET_LENGTH} characters (delete it to have a new one made)`);
  }
  return secret;
}

const MIN_SECRET_LENGTH = 32;

function create(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    // Another process starting on the same data created it first.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
