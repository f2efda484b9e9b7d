import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import type { AppContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { limits, parseInput, text } from '../../domain/fields.ts';

const email = z.string().trim().toLowerCase().max(254, 'Must be at most 254 characters').pipe(z.email('Must be a valid email address'));
// Long enough to resist guessing; bounded so hashing cannot be used to burn CPU.
const password = z.string().min(8, 'Must be at least 8 characters').max(256, 'Must be at most 256 characters');

const signUpInput = z.object({ email, password, fullName: text(limits.name) });
const logInInput = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(256) });

// Verified when the email is unknown, so that answer takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const hashToCompareAgainst = () => (dummyHash ??= hashPassword('not the password of anyone at all'));

export async function signUp(app: AppContext, { input, clientAddress }: { input: unknown; clientAddress: string }) {
  const data = parseInput(signUpInput, input);
  await app.signInThrottle.consumeSignUp(clientAddress);
  const passwordHash = await hashPassword(data.password);
  const role = app.config.ADMIN_EMAILS.includes(data.email) ? 'ADMIN' : 'USER';
  const user = await prisma.user
    .create({ data: { email: data.email, fullName: data.fullName, passwordHash, role } })
    .catch(conflictOnDuplicate('An account with this email already exists'));
  return { user, token: await app.tokens.sign(user.id) };
}

export async function logIn(app: AppContext, { input, clientAddress }: { input: unknown; clientAddress: string }) {
  const data = parseInput(logInInput, input);
  await app.signInThrottle.beginLogIn(data.email, clientAddress);
  const user = await prisma.user.findUnique({ where: { email: data.email } });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await hashToCompareAgainst()), data.password);
  // Same answer, in the same time, for an unknown email, a wrong password or a deactivated account.
  if (!user || !passwordMatches || !user.isActive) throw new UnauthenticatedError('Invalid email or password');
  await app.signInThrottle.succeededLogIn(data.email, clientAddress);
  return { user, token: await app.tokens.sign(user.id) };
}
