/**
 * Argument values as the generator holds them: plain JSON values plus enum names (bare in a
 * document, strings in variables) and raw document text that JSON cannot express.
 */
export class EnumLiteral {
  constructor(readonly name: string) {}
  toJSON() {
    return this.name;
  }
}

/** Printed as-is in a document; sent as `json` when the value travels as a variable. */
export class RawLiteral {
  constructor(
    readonly text: string,
    readonly json: unknown = text,
  ) {}
  toJSON() {
    return this.json;
  }
}

/** A position left out on purpose (a missing required argument or field); JSON.stringify drops it too. */
export const MISSING = Symbol('missing');

/** Prints a value as a GraphQL literal. Recursive: the generator keeps literal nesting to about a thousand levels. */
export function printLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof EnumLiteral) return value.name;
  if (value instanceof RawLiteral) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).filter(([, field]) => field !== MISSING);
    return `{${fields.map(([key, field]) => `${key}: ${printLiteral(field)}`).join(', ')}}`;
  }
  return JSON.stringify(String(value));
}

