import { prisma } from '../db/client.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { isApiKey, sessionFromApiKey } from './api-key-session.ts';
import type { SessionCache } from './session-cache.ts';
import type { TokenSigner } from './tokens.ts';
import type { Viewer } from './viewer.ts';

/** Who a request acts for, and until when its credential is good. */
export interface Session {
  viewer: Viewer;
  expiresAt: Date;
}

/**
 * Resolves a bearer token (a signed-in user's, or an API key) to a session, or throws
 * UNAUTHENTICATED. With a cache, a user's token verified a moment ago is answered from it.
 */
export async function sessionFromToken(token: string, tokens: TokenSigner, cache?: SessionCache): Promise<Session> {
  if (isApiKey(token)) return sessionFromApiKey(token, new Date());
  const cached = cache?.get(token);
  if (cached) return cached;
  const { userId, expiresAt } = await tokens.verify(token);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, isActive: true, role: true } });
  if (!user?.isActive) throw new UnauthenticatedError('Invalid token');
  // Frozen: a cached session is shared by the requests that reuse it.
  const session = Object.freeze({ viewer: Object.freeze({ id: user.id, role: user.role }), expiresAt });
  cache?.remember(token, session);
  return session;
}

/** Resolves "Bearer <token>" to a session; no header means anonymous, a bad one UNAUTHENTICATED. */
export async function sessionFromAuthorization(header: string | null, tokens: TokenSigner, cache?: SessionCache): Promise<Session | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return sessionFromToken(match[1], tokens, cache);
}

/** Whether the user may still act (not deactivated since signing in). */
export async function isActiveUser(userId: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { isActive: true } });
  return user?.isActive === true;
}

/** The "Bearer …" value a graphql-ws client sends in its connection params. */
export function connectionParamsAuthorization(connectionParams: Record<string, unknown> | undefined): string | null {
  const value = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof value === 'string' ? value : null;
}
