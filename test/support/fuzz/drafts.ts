import { isListType, isNonNullType } from 'graphql';
import type { OperationDraft } from './document.ts';
import { EnumLiteral, MISSING, RawLiteral } from './literals.ts';
import type { Generator } from './operation.ts';
import type { Position, RootField } from './schema-model.ts';
import { selectionFor } from './selection.ts';
import { validValue } from './values.ts';

const rarelySet = new Set(['after', 'before', 'last']);

/** A call of the root field that the server should accept: required arguments and some optional ones, all valid. */
export function baseDraft(root: RootField, g: Generator, { selectionDepth = g.random.int(1, 3) } = {}): OperationDraft {
  const ctx = g.valueContext(root.field.name);
  const values: Record<string, unknown> = {};
  for (const arg of root.field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (required || g.random.chance(rarelySet.has(arg.name) ? 0.03 : 0.3)) values[arg.name] = validValue(arg.type, [arg.name], ctx);
  }
  return {
    kind: root.kind,
    field: root.field.name,
    args: root.field.args,
    values,
    mode: g.random.chance(0.6) ? 'variables' : 'literal',
    selection: selectionFor(root.field.type, selectionDepth, g.schema, g.random),
  };
}

const isContainer = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === 'object' && value !== null && !(value instanceof EnumLiteral) && !(value instanceof RawLiteral);

/** Whether the position holds a value in the draft (every step of its path exists). */
export function isPresent(values: Record<string, unknown>, position: Position): boolean {
  let current: unknown = values;
  for (const key of position.path) {
    if (!isContainer(current) || !(key in current) || current[key] === MISSING) return false;
    current = current[key];
  }
  return true;
}

/** Puts a value at the position, first creating valid parents where they are missing. */
export function setAt(draft: OperationDraft, position: Position, value: unknown, g: Generator): void {
  const ctx = g.valueContext(draft.field);
  let container: Record<string | number, unknown> = draft.values;
  for (let i = 0; i < position.path.length - 1; i++) {
    const key = position.path[i];
    const nextKey = position.path[i + 1];
    let child = container[key];
    const wantsList = typeof nextKey === 'number';
    if (!isContainer(child) || Array.isArray(child) !== wantsList) {
      child = validValue(position.steps[i], position.path.slice(0, i + 1), ctx);
      if (!isContainer(child)) child = wantsList ? [] : {};
      container[key] = child;
    }
    container = child as Record<string | number, unknown>;
  }
  container[position.path[position.path.length - 1]] = value;
}

/** Positions of the draft's field that match, those present plus, now and then, optional ones to add. */
export function targets(draft: OperationDraft, g: Generator, root: RootField, matches: (position: Position) => boolean, addOptional = 0.3): Position[] {
  return g.positions(root).filter((position) => matches(position) && (isPresent(draft.values, position) || g.random.chance(addOptional)));
}

/** Whether a null here breaks the type: a non-null type, or an item of a list of non-null items. */
export const isNonNullPosition = (position: Position) => isNonNullType(position.type);

/** A list position (one whose type, under non-null, is a list). */
export const isListPosition = (position: Position) => isListType(isNonNullType(position.type) ? position.type.ofType : position.type);

export const pathText = (position: Position) => position.path.join('.');
