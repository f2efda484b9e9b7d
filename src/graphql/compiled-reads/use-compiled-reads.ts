import type { ExecutionArgs, ExecutionResult, FragmentDefinitionNode } from 'graphql';
import { getOperationAST, getVariableValues, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { prisma } from '../../db/client.ts';
import { databaseProvider } from '../../db/provider.ts';
import type { Context } from '../context.ts';
import { compileRead, ShapeMismatch } from './compile-read.ts';
import { NotCompilable } from './prisma-sql.ts';

const fragmentsByDocument = new WeakMap<ExecutionArgs['document'], Record<string, FragmentDefinitionNode>>();

function fragmentsOf(document: ExecutionArgs['document']) {
  let fragments = fragmentsByDocument.get(document);
  if (!fragments) {
    fragments = Object.fromEntries(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));
    fragmentsByDocument.set(document, fragments);
  }
  return fragments;
}

/**
 * A query whose every field compiles (compile-read.ts) is answered by one SQL statement that builds
 * the whole answer as JSON, instead of a resolver per field and a Prisma query per level; the
 * answer is the same, byte for byte (test/compiled-reads.test.ts runs both). Anything else, and
 * any failure of the statement, runs the usual way.
 */
export function compiledExecution(args: ExecutionArgs): Promise<ExecutionResult> | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'query') return null;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (coerced.errors) return null;
  const provider = databaseProvider();
  let compiled: ReturnType<typeof compileRead>;
  try {
    compiled = compileRead(args.schema, operation, fragmentsOf(args.document), coerced.coerced, args.contextValue as Context, provider);
  } catch (error) {
    if (!(error instanceof NotCompilable)) failed(args, error);
    return null;
  }
  const { text, values } = compiled.statement.render(provider);
  return prisma.$queryRawUnsafe<{ data: unknown }[]>(text, ...values).then(([row]) => {
    const json = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
    return { data: compiled.shape(json) };
  });
}

/** A fault of the compiled path (never the client's): logged, and the query runs the usual way. */
function failed(args: ExecutionArgs, error: unknown) {
  (args.contextValue as Context).app.logger.warn({ err: error, operationName: args.operationName }, 'compiled read failed; the query ran the usual way');
}

export const useCompiledReads = (): Plugin => ({
  onExecute({ executeFn, setExecuteFn }) {
    setExecuteFn((args) => {
      const compiled = compiledExecution(args);
      if (!compiled) return executeFn(args);
      // A null where the schema has none, or a statement that failed: the usual way says what is wrong.
      return compiled.catch((error: unknown) => {
        if (!(error instanceof ShapeMismatch)) failed(args, error);
        return executeFn(args);
      });
    });
  },
});
