import { createHash } from 'node:crypto';
import { prisma } from './client.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { isUniqueViolation } from './errors.ts';

const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 120_000;

/** Same input, same hash, whatever the order of object keys. */
function requestHash(operation: string, request: unknown): string {
  const canonical = JSON.stringify(request, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );
  return createHash('sha256').update(`${operation}\n${canonical}`).digest('hex');
}

/**
 * Runs a paid operation at most once per (user, key). A repeat with the same input gets the first
 * result's id without running again; the same key with another input is CONFLICT; concurrent
 * repeats wait for the first to finish. A failed run releases the key so it can be retried.
 */
export async function runOnce({
  userId,
  key,
  operation,
  request,
  run,
}: {
  userId: string;
  key: string | null | undefined;
  operation: string;
  request: unknown;
  run: () => Promise<string>;
}): Promise<string> {
  if (key === null || key === undefined) return run();
  if (!/^[\w.:-]{8,128}$/.test(key)) {
    throw new ValidationError([{ path: ['input', 'idempotencyKey'], message: '8 to 128 letters, digits or . _ : -' }]);
  }
  const hash = requestHash(operation, request);
  const deadline = Date.now() + WAIT_LIMIT_MS;

  for (;;) {
    const claimed = await prisma.idempotencyKey
      .create({ data: { userId, key, operation, requestHash: hash } })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    if (claimed) {
      try {
        const resultId = await run();
        await prisma.idempotencyKey.update({ where: { id: claimed.id }, data: { resultId } });
        return resultId;
      } catch (error) {
        await prisma.idempotencyKey.delete({ where: { id: claimed.id } }).catch(() => {});
        throw error;
      }
    }

    const existing = await prisma.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    if (existing) {
      if (existing.operation !== operation || existing.requestHash !== hash) {
        throw new ConflictError('This idempotencyKey was already used with a different request');
      }
      if (existing.resultId) return existing.resultId;
    }
    // Another request holds the key and is still running (or just released it): wait and look again.
    if (Date.now() > deadline) throw new ConflictError('A request with this idempotencyKey is still running');
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

/**
 * Forgets keys created before `createdBefore` (the end of their window), a batch at a time; a
 * repeat of a forgotten key runs anew. Also frees keys a crashed run left without a result.
 */
export async function deleteExpiredIdempotencyKeys(createdBefore: Date, batch: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const expired = await prisma.idempotencyKey.findMany({ where: { createdAt: { lt: createdBefore } }, select: { id: true }, take: batch });
    if (!expired.length) return deleted;
    const { count } = await prisma.idempotencyKey.deleteMany({ where: { id: { in: expired.map((key) => key.id) }, createdAt: { lt: createdBefore } } });
    deleted += count;
    if (expired.length < batch) return deleted;
  }
}
