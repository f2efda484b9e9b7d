import { type Prompt, promptText } from '../prompts.ts';
import type { AiResult } from '../types.ts';

/** About four characters per token, as for English with OpenAI's tokenisers. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** What the same call would have cost with a model: the prompt it would be sent and the JSON it would return. */
export function withUsage<T>(value: T, prompt: Prompt, model: string): AiResult<T> {
  return {
    value,
    model,
    promptTokens: estimateTokens(promptText(prompt)),
    completionTokens: estimateTokens(JSON.stringify(value)),
  };
}
