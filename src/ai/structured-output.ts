import { z } from 'zod';

export type StructuredOutputsMode = 'auto' | 'on' | 'off';

/** What OpenAI's strict mode accepts of JSON Schema; anything else (minLength, format, $schema, ...) is dropped. */
const KEPT_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description', 'minimum', 'maximum', 'minItems', 'maxItems']);

/**
 * The JSON Schema a strict `json_schema` response format needs, generated from the zod schema that
 * validates the reply: every property required (a nullable field is `anyOf [..., null]`), no
 * additional properties. Refinements (a calendar within the campaign's days, a caption within the
 * platform's limit) cannot be expressed there; the zod check after the reply still enforces them.
 */
export function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return strict(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as Record<string, unknown>;
}

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT_KEYWORDS.has(key)) continue;
    if (key === 'properties') {
      result.properties = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, property]) => [name, strict(property)]));
    } else {
      result[key] = strict(value);
    }
  }
  if (result.type === 'object') {
    result.required = Object.keys((result.properties as Record<string, unknown> | undefined) ?? {});
    result.additionalProperties = false;
  }
  return result;
}

/** Whether an error response says the server does not take `json_schema` response formats. */
export function refusesJsonSchema(status: number | undefined, message: string, param: unknown): boolean {
  if (status !== 400 && status !== 422) return false;
  return param === 'response_format' || /response_format|json_schema|structured output/i.test(message);
}
