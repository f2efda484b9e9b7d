import { ConflictError } from '../domain/errors.ts';

/** A unique constraint refused the write (Prisma's P2002, on either database). */
export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

/** For `.catch(...)`: a unique violation becomes CONFLICT with this message; anything else is rethrown. */
export const conflictOnDuplicate = (message: string) => (error: unknown): never => {
  if (isUniqueViolation(error)) throw new ConflictError(message);
  throw error;
};
