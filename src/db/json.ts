import { DbNull } from '@prisma/client/runtime/client';

/**
 * For an optional Json column in an update: null clears it (SQL NULL), undefined leaves it.
 * Prisma's DbNull sentinel comes from the shared runtime, so it works with both clients.
 */
export function nullableJsonUpdate<T>(value: T | null | undefined): T | typeof DbNull | undefined {
  return value === null ? DbNull : value;
}
