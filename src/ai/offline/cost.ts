import { productionCostUsd } from '../prompts.ts';
import type { CalendarEntry } from '../types.ts';

/** USD: the production cost of each calendar entry by format (see productionCostUsd), summed. */
export const estimateCost = (calendar: readonly CalendarEntry[]) =>
  calendar.reduce((sum, entry) => sum + productionCostUsd[entry.contentType], 0);
