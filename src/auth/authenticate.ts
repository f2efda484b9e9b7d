import { prisma } from '../db/client.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { TokenSigner } from './tokens.ts';
import type { Viewer } from './viewer.ts';

/** Resolves a bearer token to an active user, or throws UNAUTHENTICATED. */
export async function viewerFromToken(token: string, tokens: TokenSigner): Promise<Viewer> {
  const userId = await tokens.verify(token);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, isActive: true, role: true } });
  if (!user?.isActive) throw new UnauthenticatedError('Invalid token');
  return { id: user.id, role: user.role };
}

/** Resolves "Bearer <token>" to the viewer; no header means anonymous, a bad one UNAUTHENTICATED. */
export async function viewerFromAuthorization(header: string | null, tokens: TokenSigner): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return viewerFromToken(match[1], tokens);
}

/** The "Bearer …" value a graphql-ws client sends in its connection params. */
export function connectionParamsAuthorization(connectionParams: Record<string, unknown> | undefined): string | null {
  const value = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof value === 'string' ? value : null;
}
