import { ConflictError, NotFoundError } from '../domain/errors.ts';

/** A unique constraint refused the write (Prisma's P2002, on either database). */
export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

/** A foreign key refused the write: a row it refers to is gone (Prisma's P2003, on either database). */
export const isForeignKeyViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2003';

/** A row a statement needed is gone: one it read or wrote (P2025), or one a new row refers to (P2003). */
export const isMissingRow = (error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  return code === 'P2025' || code === 'P2003';
};

/**
 * A SERIALIZABLE transaction lost to a concurrent one: running it again may succeed. Prisma calls it
 * P2034; through a driver adapter it may also arrive as the adapter's TransactionWriteConflict
 * (PostgreSQL's 40001, raised at a statement or at COMMIT).
 */
export const isWriteConflict = (error: unknown) => {
  const { code, cause, meta } = (error ?? {}) as { code?: string; cause?: { kind?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  // A raw statement's failure (P2010: a row lock taken with FOR UPDATE, say) carries the adapter's error in meta.
  return code === 'P2034' || cause?.kind === 'TransactionWriteConflict' || meta?.driverAdapterError?.cause?.kind === 'TransactionWriteConflict';
};

/** For `.catch(...)`: the row a write needed is gone (Prisma's P2025), deleted since it was read: NOT_FOUND. */
export const notFoundIfMissing = (entity: string) => (error: unknown): never => {
  if ((error as { code?: string } | null)?.code === 'P2025') throw new NotFoundError(entity);
  throw error;
};

/** For `.catch(...)`: a unique violation becomes CONFLICT with this message; anything else is rethrown. */
export const conflictOnDuplicate = (message: string) => (error: unknown): never => {
  if (isUniqueViolation(error)) throw new ConflictError(message);
  throw error;
};
