import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { actorOfViewer, runInAuditScope, systemActor } from '../audit/audit-scope.ts';
import type { Context } from './context.ts';

/** What an execution's context holds besides Context: the transport's request and id. */
type ExecutionContext = Partial<Context> & { requestId?: string; request?: Request; userAgent?: string };

/**
 * Runs a mutation in the audit scope of its caller: who (the viewer, or anonymous), which root
 * fields (`createTag`, `createTag,updateTag`), on which request, from where. Queries and
 * subscriptions change nothing and run as they are.
 */
export function inAuditScope<T>(contextValue: unknown, document: DocumentNode, operationName: string | null | undefined, prefix: string, run: () => T): T {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return run();
  const context = contextValue as ExecutionContext;
  const fields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
  const userAgent = context.request?.headers.get('user-agent') ?? context.userAgent;
  return runInAuditScope(
    {
      // Anonymous calls (signUp, logIn) are the person's own, not yet known by id.
      actor: context.viewer ? actorOfViewer(context.viewer) : { ...systemActor, kind: 'USER' },
      operation: `${prefix}${fields.join(',')}`.slice(0, 200),
      requestId: context.requestId,
      clientAddress: context.clientAddress,
      userAgent: userAgent?.slice(0, 300),
    },
    run,
  );
}

/** Every GraphQL mutation (over HTTP or graphql-ws) runs in its caller's audit scope. */
export const useAuditScope = (): Plugin => ({
  onExecute({ executeFn, setExecuteFn }) {
    setExecuteFn((args) => inAuditScope(args.contextValue, args.document, args.operationName, '', () => executeFn(args)));
  },
});
