// GraphQL's own messages quote the values a client sent ("Variable "$input" got invalid value
// { password: "…" }; …", "String cannot represent a non string value: …"). Those values may be
// passwords or tokens, and messages are returned and logged, so the values are cut out and only
// the where and why are kept.

const VARIABLE_VALUE = /^(Variable "\$[^"]+" got invalid value) /;

/** Index just past the inspected value that starts at `start`: at the first `; ` or ` at "` outside a string. */
function endOfInspectedValue(message: string, start: number): number {
  let inString = false;
  for (let i = start; i < message.length; i++) {
    const char = message[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (message.startsWith('; ', i) || message.startsWith(' at "', i)) {
      return i;
    }
  }
  return message.length;
}

const VALUE_TAILS: [RegExp, string][] = [
  // "String cannot represent a non string value: 5", "ID cannot represent value: {}"
  [/(cannot represent [^:]*?value)(?::| ) ?[\s\S]*$/, '$1'],
  [/Value [\s\S]*? does not exist in "([^"]+)" enum\./, 'The value does not exist in the "$1" enum.'],
  // 'Expected value of type "Int", found "abc".'
  [/(Expected value of type "[^"]+"), found [\s\S]*?(;|\.$|$)/, '$1$2'],
  // graphql-scalars: "DateTime cannot represent an invalid date-time-string 2020-13-45."
  [/(cannot represent an invalid [\w-]+)[\s\S]*$/, '$1'],
];

export function withoutInputValues(message: string): string {
  let result = message;
  const variable = VARIABLE_VALUE.exec(result);
  if (variable) {
    const end = endOfInspectedValue(result, variable[0].length);
    result = `${variable[1]}${result.slice(end)}`;
  }
  for (const [pattern, replacement] of VALUE_TAILS) result = result.replace(pattern, replacement);
  return result;
}
