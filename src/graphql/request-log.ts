import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';

interface RequestRecord {
  started: number;
  operation?: string;
  codes: Set<string>;
}

const SERVER_FAULT = 'INTERNAL_SERVER_ERROR';

/**
 * One structured line per GraphQL request: id, operation, status, duration and outcome, never the
 * query, variables or headers. Client errors are info; a request that hit a server fault is warn
 * (the fault itself is logged at error by the error masking, with the same request id).
 */
export function useRequestLog(logger: Logger): Plugin {
  const requests = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now(), codes: new Set() });
    },
    onParams({ request, params }) {
      const record = requests.get(request);
      if (record && typeof params.operationName === 'string') record.operation = params.operationName.slice(0, 100);
    },
    onExecute({ args }) {
      // Clients that send no operationName still name their operation in the document.
      const request = (args.contextValue as { request?: Request }).request;
      const record = request ? requests.get(request) : undefined;
      if (record && !record.operation) record.operation = getOperationAST(args.document, args.operationName)?.name?.value ?? undefined;
    },
    onResultProcess({ request, result }) {
      const record = requests.get(request);
      if (!record) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        for (const error of (single as ExecutionResult).errors ?? []) record.codes.add(String(error.extensions?.code ?? 'UNKNOWN'));
      }
    },
    onResponse({ request, response, serverContext }) {
      const record = requests.get(request);
      if (!record) return;
      const codes = [...record.codes];
      const outcome = response.status >= 500 || codes.includes(SERVER_FAULT) ? 'server_error' : codes.length || response.status >= 400 ? 'client_error' : 'ok';
      const line = {
        reqId: (serverContext as { requestId?: string }).requestId,
        method: request.method,
        operation: record.operation ?? null,
        status: response.status,
        durationMs: Math.round(performance.now() - record.started),
        outcome,
        ...(codes.length ? { codes } : {}),
      };
      if (outcome === 'server_error') logger.warn(line, 'graphql request');
      else logger.info(line, 'graphql request');
    },
  };
}
