import { onQuery } from '../../src/db/client.ts';

/**
 * Waits until the server's background work (webhook dispatch of earlier events, rollup
 * invalidation, say) has stopped issuing statements, so a count that follows sees one request's.
 */
export async function untilNoStatements(): Promise<void> {
  for (let round = 0; round < 100; round++) {
    let seen = 0;
    const stop = onQuery(() => seen++);
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop();
    if (seen === 0) return;
  }
}
