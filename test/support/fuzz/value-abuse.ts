import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from 'graphql';
import type { OperationDraft } from './document.ts';
import { isListPosition, isNonNullPosition, isPresent, pathText, setAt, targets } from './drafts.ts';
import { badDate, badEnum, deepJson, hostileString, hugeList, longString, wrongTypeFor } from './hostile-values.ts';
import { idTargetOf } from './ids.ts';
import { MISSING, RawLiteral } from './literals.ts';
import type { Generator } from './operation.ts';
import type { Position, RootField } from './schema-model.ts';
import { validValue } from './values.ts';

/** What a mutation did to the draft, or undefined when it does not apply to this field. */
export interface Applied {
  label: string;
  foreign?: boolean;
}

export type DraftAbuse = (draft: OperationDraft, root: RootField, g: Generator) => Applied | undefined;

const scalarNamed = (name: string) => (position: Position) => getNamedType(position.type).name === name;
const isStringLike = (position: Position) => ['String', 'ID', 'DateTime'].includes(getNamedType(position.type).name);
const isLeafPosition = (position: Position) => {
  const named = getNamedType(position.type);
  const inner = isNonNullType(position.type) ? position.type.ofType : position.type;
  return !isListType(inner) && (isScalarType(named) || isEnumType(named));
};

/** Breaks every chosen position with `make`; applies only when some position matches. */
function breakPositions(
  draft: OperationDraft,
  root: RootField,
  g: Generator,
  matches: (position: Position) => boolean,
  make: (position: Position) => unknown,
  { all = false, addOptional = 0.3 } = {},
): Position[] | undefined {
  const found = targets(draft, g, root, matches, addOptional);
  if (!found.length) return undefined;
  const chosen = all ? found : [g.random.pick(found)];
  for (const position of chosen) setAt(draft, position, make(position), g);
  return chosen;
}

const describe = (draft: OperationDraft, positions: Position[], what: string) =>
  `${draft.field} ${positions.map(pathText).slice(0, 4).join(',')}${positions.length > 4 ? ',…' : ''} ← ${what}`;

export const wrongType: DraftAbuse = (draft, root, g) => {
  if (draft.mode === 'variables' && g.random.chance(0.25)) {
    const arg = draft.args.find((candidate) => candidate.name in draft.values);
    if (arg) {
      const declared = g.random.pick(['Int', 'String!', '[ID!]!', 'Boolean', 'JSON', 'CreateBusinessInput!', 'DateTime!', 'Platform']);
      if (declared !== String(arg.type)) {
        draft.declaredTypes = { [arg.name]: declared };
        return { label: `${draft.field} $${arg.name} declared as ${declared}, not ${String(arg.type)}` };
      }
    }
  }
  const chosen = breakPositions(draft, root, g, () => true, (position) => {
    const named = getNamedType(position.type);
    return wrongTypeFor(isEnumType(named) ? 'enum' : isInputObjectType(named) ? 'input' : named.name, g.random);
  });
  return chosen && { label: describe(draft, chosen, 'value of the wrong type') };
};

export const missingRequired: DraftAbuse = (draft, root, g) => {
  const required = g.positions(root).filter((position) => isNonNullPosition(position) && typeof position.path[position.path.length - 1] === 'string');
  if (!required.length) return undefined;
  const position = g.random.pick(required);
  setAt(draft, position, MISSING, g);
  if (position.path.length === 1 && draft.mode === 'variables' && g.random.chance(0.5)) {
    draft.declaredTypes = { ...draft.declaredTypes, [position.path[0]]: String(position.type) };
    return { label: `${draft.field} $${position.path[0]} declared, no value sent` };
  }
  return { label: describe(draft, [position], 'left out (required)') };
};

export const unknownField: DraftAbuse = (draft, root, g) => {
  const inputObjects = targets(draft, g, root, (position) => isInputObjectType(getNamedType(position.type)) && !isListPosition(position), 0);
  const choice = g.random.pick(['argument', 'selection', 'directive', 'input-field', 'variable-type'] as const);
  switch (choice) {
    case 'argument':
      draft.extraArgs = `fuzzUnknownArgument: ${g.random.pick(['1', '"x"', 'null', '{a: 1}'])}`;
      return { label: `${draft.field}(fuzzUnknownArgument)` };
    case 'selection':
      draft.selection = draft.selection ? draft.selection.replace('{', '{ fuzzUnknownField ') : '{ id }';
      return { label: `${draft.field} { fuzzUnknownField }` };
    case 'directive':
      draft.selection = `@fuzzUnknownDirective(if: true) ${draft.selection}`;
      return { label: `${draft.field} @fuzzUnknownDirective` };
    case 'variable-type': {
      const arg = draft.args[0];
      if (!arg || draft.mode !== 'variables') return undefined;
      draft.values[arg.name] ??= null;
      draft.declaredTypes = { [arg.name]: 'FuzzNoSuchType' };
      return { label: `${draft.field} $${arg.name}: FuzzNoSuchType` };
    }
    case 'input-field': {
      if (!inputObjects.length) return undefined;
      const position = g.random.pick(inputObjects);
      const current = currentValue(draft, position);
      setAt(draft, position, { ...(current as object), fuzzUnknownField: 'x', __proto__field: 1 }, g);
      return { label: describe(draft, [position], 'unknown input field') };
    }
  }
};

export const badEnumValue: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, (position) => isEnumType(getNamedType(position.type)) && isLeafPosition(position), (position) => {
    const named = getNamedType(position.type);
    return isEnumType(named) ? badEnum(named, g.random) : null;
  });
  return chosen && { label: describe(draft, chosen, 'not a value of the enum') };
};

export const nullWhereNonNull: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, isNonNullPosition, () => null, { all: g.random.chance(0.3) });
  return chosen && { label: describe(draft, chosen, 'null in a non-null position') };
};

export const hugeListValue: DraftAbuse = (draft, root, g) => {
  const ctx = g.valueContext(draft.field);
  const length = g.random.logInt(10_000, 100_000);
  draft.mode = g.random.chance(0.85) ? 'variables' : draft.mode;
  const chosen = breakPositions(draft, root, g, isListPosition, (position) => {
    const inner = isNonNullType(position.type) ? position.type.ofType : position.type;
    const itemType = isListType(inner) ? inner.ofType : inner;
    const item = validValue(itemType, [...position.path, 0], ctx);
    return hugeList(length, () => item);
  });
  return chosen && { label: describe(draft, chosen, `list of ${length} items`) };
};

export const deepInput: DraftAbuse = (draft, root, g) => {
  const json = targets(draft, g, root, scalarNamed('JSON'), 0.8);
  if (json.length && g.random.chance(0.6)) {
    // 2,500 levels is about what JSON.stringify (here, building the body) manages; literals stay under the token limit either way.
    const depth = draft.mode === 'variables' ? g.random.logInt(20, 2_500) : g.random.logInt(20, 800);
    const position = g.random.pick(json);
    setAt(draft, position, deepJson(depth, g.random), g);
    return { label: describe(draft, [position], `JSON nested ${depth} deep`) };
  }
  const depth = g.random.int(20, 200);
  // Lists and input objects mostly; now and then a scalar gets an object tower instead.
  const scalarsToo = g.random.chance(0.2);
  const chosen = breakPositions(draft, root, g, (position) => scalarsToo || !isLeafPosition(position), (position) => {
    let value: unknown = isListPosition(position) ? [] : {};
    for (let i = 0; i < depth; i++) value = isListPosition(position) ? [value] : { [String(position.path[position.path.length - 1])]: value };
    return value;
  });
  return chosen && { label: describe(draft, chosen, `input nested ${depth} deep`) };
};

export const badIds: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, scalarNamed('ID'), (position) => g.ids.bad(idTargetOf(draft.field, position.path, g.nodeTypes)), {
    all: g.random.chance(0.5),
  });
  return chosen && { label: describe(draft, chosen, 'malformed, empty, huge or wrong-type ID') };
};

export const foreignIds: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, scalarNamed('ID'), (position) => g.ids.foreign(idTargetOf(draft.field, position.path, g.nodeTypes)), {
    all: g.random.chance(0.7),
    addOptional: 0.6,
  });
  return chosen && { label: describe(draft, chosen, "the victim's real ID"), foreign: true };
};

export const controlCharacters: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, (position) => isStringLike(position) || scalarNamed('JSON')(position), (position) =>
    scalarNamed('JSON')(position) ? { [hostileString(g.random)]: hostileString(g.random) } : hostileString(g.random),
  { all: g.random.chance(0.6) });
  return chosen && { label: describe(draft, chosen, 'NUL, control characters or lone surrogates') };
};

export const longStrings: DraftAbuse = (draft, root, g) => {
  draft.mode = g.random.chance(0.8) ? 'variables' : draft.mode;
  let length = 0;
  const chosen = breakPositions(draft, root, g, (position) => isStringLike(position) && isLeafPosition(position), () => {
    const value = longString(g.random);
    length = Math.max(length, value.length);
    return value;
  });
  return chosen && { label: describe(draft, chosen, `string of ${length} characters`) };
};

export const badDates: DraftAbuse = (draft, root, g) => {
  const chosen = breakPositions(draft, root, g, scalarNamed('DateTime'), () => badDate(g.random), { all: g.random.chance(0.5), addOptional: 0.7 });
  return chosen && { label: describe(draft, chosen, 'date out of range or invalid') };
};

function currentValue(draft: OperationDraft, position: Position): unknown {
  if (!isPresent(draft.values, position)) return {};
  let current: unknown = draft.values;
  for (const key of position.path) current = (current as Record<string | number, unknown>)[key];
  return current instanceof RawLiteral ? {} : current;
}
