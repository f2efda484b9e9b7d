import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';

// Services check a key's scopes on every write; reads go through tenancy alone. A key without the
// READ scope (one made only to write or to generate) therefore runs mutations only: their results
// show what they wrote, nothing else.
function refusalFor(args: { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null; contextValue: unknown }) {
  const apiKey = (args.contextValue as Context).viewer?.apiKey;
  if (!apiKey || apiKey.scopes.includes('READ')) return null;
  if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') return null;
  return { errors: [new GraphQLError('This API key has no READ scope: it may run mutations only', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } })] };
}

export const useKeyReadScope = (): Plugin => ({
  onExecute({ args, setResultAndStopExecution }) {
    const refusal = refusalFor(args);
    if (refusal) setResultAndStopExecution(refusal);
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const refusal = refusalFor(args);
    if (refusal) setResultAndStopExecution(refusal);
  },
});
