import { type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from 'graphql';
import { idTargetOf, type IdPool } from './ids.ts';
import { EnumLiteral } from './literals.ts';
import type { Random } from './random.ts';
import type { FuzzWorld } from './tenants.ts';

/** What generating a value needs to know: which root field it is for and where the real IDs are. */
export interface ValueContext {
  random: Random;
  ids: IdPool;
  world: FuzzWorld;
  rootField: string;
  nodeTypes: readonly string[];
}

const DAY = 86_400_000;

/**
 * A value the server should accept at this position (the baseline a mutation then breaks in
 * one place). IDs are the attacker's own real ones, so a broken operation still reaches deep.
 */
export function validValue(type: GraphQLInputType, path: readonly (string | number)[], ctx: ValueContext, depth = 0): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, path, ctx, depth);
  const { random } = ctx;
  if (isListType(type)) {
    return Array.from({ length: random.int(1, 3) }, (_, index) => validValue(type.ofType, [...path, index], ctx, depth + 1));
  }
  if (isEnumType(type)) return new EnumLiteral(random.pick(type.getValues()).name);
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (required || (depth < 3 && random.chance(0.4))) value[field.name] = validValue(field.type, [...path, field.name], ctx, depth + 1);
    }
    return value;
  }
  if (isScalarType(type)) return validScalar(type.name, path, ctx);
  return null;
}

function validScalar(scalar: string, path: readonly (string | number)[], ctx: ValueContext): unknown {
  const { random, world } = ctx;
  const key = [...path].reverse().find((step): step is string => typeof step === 'string') ?? '';
  switch (scalar) {
    case 'ID':
      return ctx.ids.own(idTargetOf(ctx.rootField, path, ctx.nodeTypes), { forDelete: ctx.rootField.startsWith('delete') });
    case 'Int':
      if (key === 'first' || key === 'last') return random.int(1, 5);
      if (key === 'durationDays') return random.int(1, 30);
      if (key === 'day') return 1;
      return random.int(0, 10);
    case 'Float':
      return key === 'score' ? random.int(0, 100) : Math.round(random.next() * 100) / 100;
    case 'Boolean':
      return random.chance(0.5);
    case 'DateTime':
      return new Date(Date.now() + random.int(-10, 30) * DAY).toISOString();
    case 'JSON':
      return { source: 'fuzz', score: random.int(0, 9) };
    default:
      return validString(key, ctx, world);
  }
}

function validString(key: string, { random }: ValueContext, world: FuzzWorld): string {
  if (key === 'email') return world.attacker.email;
  if (key === 'password') return world.attacker.password;
  if (key === 'optimalTimes') return `${String(random.int(6, 21)).padStart(2, '0')}:30`;
  if (/url$/i.test(key)) return `https://example.com/${random.hex(6)}.png`;
  if (key === 'idempotencyKey') return `fuzz-${random.hex(12)}`;
  if (key === 'prefix' || key === 'tag') return random.pick(['br', 'bread', 'sale', 'fu']);
  if (key === 'after' || key === 'before') return Buffer.from(`cursor:${random.int(0, 5)}`).toString('base64');
  return random.pick(['Fresh bread daily', 'Spring sale', 'Weekend special', 'New menu', 'Hello there']);
}
