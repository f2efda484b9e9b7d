/** The work's result, or `fallback` once `ms` have passed, whichever comes first. */
export async function resultWithin<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), Math.max(0, ms))));
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for the work, or for `ms` to pass, whichever comes first; says whether the work finished. */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return resultWithin(
    work.then(
      () => true,
      () => true,
    ),
    ms,
    false,
  );
}
