import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import type { TokenSigner } from '../../auth/tokens.ts';
import { prisma } from '../../db/client.ts';
import { ConflictError, UnauthenticatedError } from '../../domain/errors.ts';
import type { Viewer } from '../../graphql/context.ts';
import { limits, parseInput, text } from '../../domain/fields.ts';

const email = z.string().trim().toLowerCase().max(254, 'Must be at most 254 characters').pipe(z.email('Must be a valid email address'));
// Long enough to resist guessing; bounded so hashing cannot be used to burn CPU.
const password = z.string().min(8, 'Must be at least 8 characters').max(256, 'Must be at most 256 characters');

const signUpInput = z.object({ email, password, fullName: text(limits.name) });
const logInInput = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(256) });

export async function signUp({ input, tokens, adminEmails = [] }: { input: unknown; tokens: TokenSigner; adminEmails?: readonly string[] }) {
  const data = parseInput(signUpInput, input);
  const passwordHash = await hashPassword(data.password);
  const role = adminEmails.includes(data.email) ? 'ADMIN' : 'USER';
  const user = await prisma.user
    .create({ data: { email: data.email, fullName: data.fullName, passwordHash, role } })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002') throw new ConflictError('An account with this email already exists');
      throw error;
    });
  return { user, token: await tokens.sign(user.id) };
}

export async function logIn({ input, tokens }: { input: unknown; tokens: TokenSigner }) {
  const data = parseInput(logInInput, input);
  const user = await prisma.user.findUnique({ where: { email: data.email } });
  // Same answer for an unknown email and a wrong password, so accounts cannot be probed.
  if (!user || !user.isActive || !(await verifyPassword(user.passwordHash, data.password))) {
    throw new UnauthenticatedError('Invalid email or password');
  }
  return { user, token: await tokens.sign(user.id) };
}

/** Resolves a bearer token to an active user, or throws UNAUTHENTICATED. */
export async function viewerFromToken({ token, tokens }: { token: string; tokens: TokenSigner }): Promise<Viewer> {
  const userId = await tokens.verify(token);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, isActive: true, role: true } });
  if (!user?.isActive) throw new UnauthenticatedError('Invalid token');
  return { id: user.id, role: user.role };
}
