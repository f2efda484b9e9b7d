import type { GraphQLEnumType } from 'graphql';
import { EnumLiteral, RawLiteral } from './literals.ts';
import type { Random } from './random.ts';

// Values that are wrong on purpose. None of them contains text the leak checks look for
// (stack frames, paths, SQL), so anything of that kind in a response came from the server.

/** A value of another type than the scalar, enum or input object expected. */
export function wrongTypeFor(expected: string, random: Random): unknown {
  const byType: Record<string, unknown[]> = {
    Int: ['12', 1.5, 2 ** 31, -(2 ** 31) - 1, 1e308, true, {}, [[1]], new RawLiteral('1e400', 1e308)],
    Float: ['1.5', true, {}, [[1.5]], new RawLiteral('0x10', '0x10'), new RawLiteral('1e400', 1e308)],
    Boolean: ['true', 0, 1, 'yes', {}, [[true]]],
    String: [42, 1.5, true, { text: 'x' }, [['x']]],
    ID: [1.5, true, { id: 'x' }, [['x']]],
    DateTime: [1_700_000_000_000, true, { year: 2024 }, [['2024-01-01T00:00:00Z']]],
    JSON: [new RawLiteral('$undefinedVariable', undefined)],
    enum: [0, true, { value: 'A' }, [['A']], 'a quoted string'],
    input: ['not an object', 42, true, [[{}]], new RawLiteral('"{}"', '{}')],
  };
  return random.pick(byType[expected] ?? byType.input);
}

const controlCharacters = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200e', '\u202e', '\u2028', '\u2029', '\ufeff', '\uffff', '\ufffe'];
const loneSurrogates = ['\ud800', '\udbff', '\udc00', '\udfff'];

/** A string with NUL bytes, other control characters or lone surrogates at random places. */
export function hostileString(random: Random): string {
  const base = random.pick(['Fresh bread', 'caption', 'x', '', 'name@example.com', 'https://example.com/a.png']);
  const pieces = [base];
  const count = random.int(1, 6);
  for (let i = 0; i < count; i++) {
    const pool = random.pick([['\u0000'], controlCharacters, loneSurrogates]);
    const at = random.int(0, pieces.length);
    pieces.splice(at, 0, random.pick(pool).repeat(random.chance(0.2) ? random.int(2, 100) : 1));
  }
  return pieces.join('');
}

/** A string from 1 KB up to 1 MB (log-distributed, so most are moderate and some are huge). */
export function longString(random: Random): string {
  const length = random.logInt(1_024, 1_048_576);
  return random.pick(['a', 'é', '😀', 'ab ', '#tag ']).repeat(length).slice(0, length);
}

/** Dates outside what JavaScript, SQLite or PostgreSQL can hold, or not dates at all. */
export function badDate(random: Random): unknown {
  return random.pick([
    '0001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '+275760-09-13T00:00:00.001Z',
    '275760-09-13T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '10000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T25:61:61Z',
    '2024-01-01',
    '2024-01-01T00:00:00',
    '2024-01-01T00:00:00+25:00',
    'not a date',
    '',
    'Infinity',
    'NaN',
    '1e400',
    '2024-01-01T00:00:00.123456789012Z',
    `2024-01-01T00:00:00Z${'0'.repeat(10_000)}`,
    8.64e15 + 1,
    -8.64e15 - 1,
  ]);
}

/** An enum value that is not one: wrong case, unknown, empty, another enum's, or quoted. */
export function badEnum(type: GraphQLEnumType, random: Random): unknown {
  const real = random.pick(type.getValues()).name;
  return random.pick([
    new EnumLiteral(real.toLowerCase()),
    new EnumLiteral(`${real}_NOPE`),
    new EnumLiteral('NOT_A_VALUE'),
    new EnumLiteral('true'),
    new EnumLiteral('null'),
    new RawLiteral(JSON.stringify(real), `${real} `),
    new RawLiteral(JSON.stringify(real.toLowerCase()), real.toLowerCase()),
    new RawLiteral('""', ''),
    new EnumLiteral('INSTAGRAM'),
    new EnumLiteral('ARCHIVED'),
    new RawLiteral(`${real}\u0000`, `${real}\u0000`),
    new RawLiteral(`"${real}"`, [real]),
  ]);
}

/** JSON nested `depth` levels deep, in arrays or objects. */
export function deepJson(depth: number, random: Random): unknown {
  const asArray = random.chance(0.5);
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { nested: value };
  return value;
}

/** A list of `length` items made by `item`. */
export function hugeList(length: number, item: (index: number) => unknown): unknown[] {
  return Array.from({ length }, (_, index) => item(index));
}
