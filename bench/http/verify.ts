// Before anything is measured: both servers must answer the request with the same JSON, or the
// comparison means nothing.

export type Sameness = 'identical bytes' | 'same JSON, keys in another order';

/** The same value with every object's keys sorted. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Where two strings first differ, with some context on each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, i - 80), i + 80));
  return `at character ${i}:\n  herald:   ${around(a)}\n  baseline: ${around(b)}`;
}

/** A successful GraphQL answer: status 200, data and no errors. Anything else stops the run. */
export function assertGraphQLSuccess(server: string, { status, body }: { status: number; body: string }) {
  let parsed: { data?: unknown; errors?: unknown } | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    // reported below
  }
  if (status !== 200 || !parsed?.data || parsed.errors) throw new Error(`${server} did not answer the request: ${status} ${body.slice(0, 500)}`);
}

/** Throws, showing where, unless the two bodies are the same JSON (only key order may differ). */
export function assertSameResponse(herald: string, baseline: string): Sameness {
  if (herald === baseline) return 'identical bytes';
  const sortedHerald = JSON.stringify(sortKeys(JSON.parse(herald)));
  const sortedBaseline = JSON.stringify(sortKeys(JSON.parse(baseline)));
  if (sortedHerald === sortedBaseline) return 'same JSON, keys in another order';
  throw new Error(`The baseline does not answer like Herald (keys sorted, first difference ${firstDifference(sortedHerald, sortedBaseline)})`);
}
