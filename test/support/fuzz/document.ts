import type { GraphQLArgument } from 'graphql';
import { MISSING, printLiteral } from './literals.ts';
import type { OperationKind } from './schema-model.ts';

/** A GraphQL request as it goes over the wire (HTTP body or graphql-ws subscribe payload). */
export interface GraphQLPayload {
  query: string;
  variables?: Record<string, unknown>;
  /** Usually a string; abusive requests send other JSON here too. */
  operationName?: unknown;
  extensions?: Record<string, unknown>;
}

/** One root field call: the generator fills it with valid values, then a mutation breaks it. */
export interface OperationDraft {
  kind: OperationKind;
  field: string;
  args: readonly GraphQLArgument[];
  values: Record<string, unknown>;
  /** Variables (`$input: CreateBusinessInput!` + JSON) or values written into the document. */
  mode: 'variables' | 'literal';
  selection: string;
  /** Text appended inside the argument list (unknown arguments). */
  extraArgs?: string;
  /** Variable declarations that differ from the argument's type. */
  declaredTypes?: Record<string, string>;
  operationName?: string;
}

export function renderDraft(draft: OperationDraft): GraphQLPayload {
  const args: string[] = [];
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const arg of draft.args) {
    if (!(arg.name in draft.values)) continue;
    const value = draft.values[arg.name];
    const declared = draft.declaredTypes?.[arg.name];
    if (draft.mode === 'literal') {
      if (value !== MISSING) args.push(`${arg.name}: ${printLiteral(value)}`);
      continue;
    }
    // A MISSING value with a declared type is a variable the document uses but the request leaves out.
    if (value === MISSING && !declared) continue;
    declarations.push(`$${arg.name}: ${declared ?? String(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
    if (value !== MISSING) variables[arg.name] = value;
  }
  if (draft.extraArgs) args.push(draft.extraArgs);
  const header = `${draft.kind}${draft.operationName ? ` ${draft.operationName}` : ''}${declarations.length ? `(${declarations.join(', ')})` : ''}`;
  const call = `${draft.field}${args.length ? `(${args.join(', ')})` : ''}`;
  return {
    query: `${header} { ${call} ${draft.selection} }`,
    ...(draft.mode === 'variables' ? { variables } : {}),
    ...(draft.operationName ? { operationName: draft.operationName } : {}),
  };
}
