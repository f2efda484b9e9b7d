import { type DocumentNode, type GraphQLError, Kind, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refusal } from './refusal.ts';

// Nothing Herald stores may contain NUL or a lone surrogate: PostgreSQL refuses them (a 500),
// SQLite stores them and they break later. Inputs are also bounded in nesting, so walking them cannot exhaust the
// stack. Both are checked during validation, before anything runs.

const MAX_INPUT_DEPTH = 24;

/** The first problem with the variables: a NUL character or nesting deeper than the limit. */
function variablesProblem(variables: unknown): GraphQLError | null {
  const stack: [unknown, string, number][] = [[variables, '', 0]];
  while (stack.length) {
    const [value, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof value === 'string' && stringProblem(value)) {
      return refusal('BAD_USER_INPUT', `Variable "$${path.slice(1)}" ${stringProblem(value)}`);
    }
    if (value && typeof value === 'object') {
      if (depth > MAX_INPUT_DEPTH) return refusal('BAD_USER_INPUT', `Variables are nested more than ${MAX_INPUT_DEPTH} levels deep`);
      for (const [key, child] of Object.entries(value)) {
        // Keys of JSON values are stored too (PostgreSQL refuses NUL and lone surrogates in them).
        const keyProblem = stringProblem(key);
        if (keyProblem) return refusal('BAD_USER_INPUT', `A key in variable "$${path.slice(1)}" ${keyProblem}`);
        stack.push([child, `${path}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

/** What is wrong with a string no database can store faithfully, or null. */
function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character; strings must not';
  // A lone surrogate is not Unicode: PostgreSQL refuses it in JSON, and it cannot be encoded.
  if (!value.isWellFormed()) return 'contains a lone surrogate; strings must be valid Unicode';
  return null;
}

// Yoga's parser cache hands every request of the same text the same document.
const documentProblems = new WeakMap<DocumentNode, string | null>();

function documentStringProblem(document: DocumentNode): string | null {
  const known = documentProblems.get(document);
  if (known !== undefined) return known;
  let found: string | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      found ??= stringProblem(node.value);
    },
  });
  documentProblems.set(document, found);
  return found;
}

interface ParamsContext {
  params?: { variables?: unknown };
}

export function useInputGuard(): Plugin {
  return {
    onValidate({ params: { documentAST }, context }) {
      return ({ result }) => {
        // Only on documents every earlier rule and check accepted.
        if (result.length) return;
        const inDocument = documentStringProblem(documentAST);
        if (inDocument) throw refusal('BAD_USER_INPUT', `A string in the query ${inDocument}`);
        // Thrown, not added to the result: yoga caches validation results per document, and this
        // depends on the variables.
        const problem = variablesProblem((context as ParamsContext).params?.variables ?? {});
        if (problem) throw problem;
      };
    },
  };
}
