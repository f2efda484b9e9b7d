import { createHash } from 'node:crypto';
import { prisma } from '../db/client.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { apiKeyScopes, type ApiKeyScope } from '../domain/roles.ts';
import type { Session } from './authenticate.ts';

export const API_KEY_PREFIX = 'hk_';
/** A key is written down again at most this often as lastUsedAt, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** A key without an expiry is good for as long as a session can be watched. */
const NO_EXPIRY = new Date('2100-01-01T00:00:00Z');

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

/**
 * The session of an API key: its creator, limited to the key's business and scopes. Read on every
 * request (never cached), so a revoked or expired key is refused at once.
 */
export async function sessionFromApiKey(key: string, now: Date): Promise<Session> {
  const found = await prisma.apiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { id: true, businessId: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdBy: { select: { id: true, isActive: true } } },
  });
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now) || !found.createdBy.isActive) {
    throw new UnauthenticatedError('Invalid API key');
  }
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  const scopes = found.scopes.filter((scope): scope is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(scope));
  return Object.freeze({
    // Keys never act as platform admins.
    viewer: Object.freeze({ id: found.createdBy.id, role: 'USER' as const, apiKey: Object.freeze({ id: found.id, businessId: found.businessId, scopes: Object.freeze(scopes) }) }),
    expiresAt: found.expiresAt ?? NO_EXPIRY,
  });
}
