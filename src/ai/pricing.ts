import { z } from 'zod';

export interface ModelPrice {
  /** USD per million prompt tokens. */
  inputPerMillion: number;
  /** USD per million completion tokens. */
  outputPerMillion: number;
}

// List prices (USD per 1M tokens) as published by OpenAI; AI_PRICES overrides or extends them.
const builtInPrices: Record<string, ModelPrice> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'herald-offline-1': { inputPerMillion: 0, outputPerMillion: 0 },
  'herald-offline-embed-1': { inputPerMillion: 0, outputPerMillion: 0 },
};

/** AI_PRICES: `{ "<model>": { "inputPerMillion": USD, "outputPerMillion": USD } }`. */
export const priceOverridesSchema = z.record(z.string(), z.object({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }));

export type PriceTable = (model: string, promptTokens: number, completionTokens: number) => number;

/** Cost of a call in USD; a model missing from the table costs nothing until AI_PRICES names it. */
export function createPriceTable(overrides: Record<string, ModelPrice> = {}): PriceTable {
  const prices = { ...builtInPrices, ...overrides };
  return (model, promptTokens, completionTokens) => {
    // Providers may answer with a dated snapshot name, e.g. gpt-4o-mini-2024-07-18.
    const snapshotOf = Object.keys(prices)
      .filter((name) => model.startsWith(`${name}-`))
      .sort((a, b) => b.length - a.length)[0];
    const price = prices[model] ?? (snapshotOf ? prices[snapshotOf] : undefined);
    if (!price) return 0;
    return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
  };
}
