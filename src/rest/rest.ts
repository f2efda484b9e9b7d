import type { IncomingMessage, ServerResponse } from 'node:http';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { createServerAdapter } from '@whatwg-node/server';
import { Response, type StatusCodeMap } from 'fets';

type StatusCode = keyof StatusCodeMap<unknown>;
import { type DocumentNode, execute, type FieldNode, GraphQLError, isObjectType, isUnionType, Kind, type GraphQLSchema } from 'graphql';
import { createSofa, createSofaRouter } from 'sofa-api';
import { sessionFromAuthorization } from '../auth/authenticate.ts';
import { clientAddressOf } from '../auth/client-address.ts';
import type { AppContext } from '../context.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { Context } from '../graphql/context.ts';
import { inAuditScope } from '../graphql/audit-scope.ts';
import type { GraphQLHandler } from '../graphql/yoga.ts';
import { schema } from '../graphql/schema.ts';
import { bodyEncodingOf, readBodyWithin, UNSUPPORTED_ENCODING_MESSAGE } from '../request-encoding.ts';
import { routeMatcher } from './route-miss.ts';
import { tagResult, tagWithRequest } from '../graphql/fault-request.ts';
import { REST_BASE_PATH } from './rest-path.ts';
const OPENAPI_PATH = `${REST_BASE_PATH}/openapi.json`;

const methodsFetchRefuses = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The GraphQL root fields the REST surface offers, and where. Nothing else is routed. */
const routes = {
  'Query.businesses': { method: 'GET', path: '/businesses' },
  'Query.business': { method: 'GET', path: '/businesses/:id' },
  'Query.campaign': { method: 'GET', path: '/campaigns/:id' },
  'Query.content': { method: 'GET', path: '/contents/:id' },
  'Query.search': { method: 'GET', path: '/businesses/:businessId/search' },
  'Mutation.createCampaign': { method: 'POST', path: '/campaigns' },
  'Mutation.createContent': { method: 'POST', path: '/contents' },
  'Mutation.categorizeContent': { method: 'POST', path: '/contents/:id/categorize' },
} as const;

/**
 * Fields left out of the REST view: admin-only lists (FORBIDDEN for other members, which would
 * fail a whole response) and relations a REST client reads through their own routes.
 */
const hiddenFields: Record<string, readonly string[]> = {
  // Rollups take a window (and are computed per request): ask /graphql for them.
  Business: ['invitations', 'webhookEndpoints', 'members', 'messages', 'automationRules', 'socialAccounts', 'insights'],
  Campaign: ['performance', 'versions'],
  Content: ['analytics', 'versions'],
};

/** Lists whose items are expanded in full; every other object with an id is answered as `{ id }`. */
const expandedItems = ['QueryBusinessesConnectionEdge.node', 'CampaignContentsConnectionEdge.node', 'ContentHit.content', 'CampaignHit.campaign', 'MessageHit.message'];

/** Result unions are expanded in full (sofa would answer a member with an id as `{ id }`). */
function expandedResults(view: GraphQLSchema): string[] {
  const mutationFields = Object.values(view.getMutationType()?.getFields() ?? {});
  return mutationFields.flatMap((field) => {
    const type = 'ofType' in field.type ? field.type.ofType : field.type;
    return isUnionType(type) ? [`${type.name}.${field.name}`] : [];
  });
}

/** Adds `__typename` to the root field's selection, so a client tells a result from a typed error. */
const typenamed = new WeakMap<DocumentNode, DocumentNode>();
function withRootTypename(document: DocumentNode): DocumentNode {
  let done = typenamed.get(document);
  if (done) return done;
  const [operation, ...rest] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return document;
  const [root] = operation.selectionSet.selections as FieldNode[];
  if (!root?.selectionSet) return document;
  const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
  const rootWithTypename = { ...root, selectionSet: { ...root.selectionSet, selections: [typename, ...root.selectionSet.selections] } };
  done = { ...document, definitions: [{ ...operation, selectionSet: { ...operation.selectionSet, selections: [rootWithTypename] } }, ...rest] };
  typenamed.set(document, done);
  return done;
}

/** How a REST client sees an error code. */
export const statusOfCode: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  BUDGET_EXCEEDED: 402,
  AI_PROVIDER_ERROR: 502,
};
const statusOf = (code: unknown) => statusOfCode[code as ErrorCode] ?? 500;

/** The REST view: the same types and resolvers, only the routed root fields and the fields above. */
function restView(full: GraphQLSchema): GraphQLSchema {
  return pruneSchema(
    filterSchema({
      schema: full,
      rootFieldFilter: (operation, fieldName) => `${operation}.${fieldName}` in routes,
      objectFieldFilter: (typeName, fieldName) => !hiddenFields[typeName]?.includes(fieldName),
    }),
  );
}

const json = (body: unknown, status: number) => Response.json(body, { status: status as StatusCode, headers: { 'cache-control': 'no-store' } });
function closing(response: Response): Response {
  response.headers.set('connection', 'close');
  return response;
}

/**
 * `/api/…`: REST routes generated by sofa from the GraphQL operations above, executed against the
 * GraphQL schema with the same context (auth, API key scopes and rate limit) as `/graphql`.
 * Typed errors keep their GraphQL shape (`__typename`, `code`, `message`, `fieldErrors`) and set
 * the HTTP status; a single resource that is not there (or not yours) is 404.
 */
export function createRestEndpoint(app: AppContext, yoga: Pick<GraphQLHandler, 'maskTransportError'>) {
  const { config } = app;
  const view = restView(schema);
  const sofa = createSofa({
    basePath: REST_BASE_PATH,
    schema: view,
    // Documents are built from the view; they run against the full schema, whose resolvers they share.
    execute: async (args) => {
      const result = await inAuditScope(args.contextValue, args.document, args.operationName, 'REST ', () => execute({ ...args, schema, document: withRootTypename(args.document) }));
      // The errors' log lines name the request they happened in, as /graphql's do.
      tagResult(result, (args.contextValue as { requestId?: string }).requestId);
      return result;
    },
    routes,
    ignore: [...expandedItems, ...expandedResults(view)],
    openAPI: {
      info: { title: 'Herald REST API', version: '1', description: 'Generated from the GraphQL schema; see /graphql for everything else.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: "A user's token (logIn) or an API key (hk_…)." } } },
    },
    context: async ({ request, req, requestId }: { request: Request; req?: IncomingMessage; requestId?: string }): Promise<Context & { request: Request; requestId?: string }> => {
      const session = await sessionFromAuthorization(request.headers.get('authorization'), app.tokens, app.sessionCache);
      if (session?.viewer.apiKey) await app.apiKeyRateLimit.consume(session.viewer.apiKey.id);
      return {
        app,
        viewer: session?.viewer ?? null,
        sessionExpiresAt: session?.expiresAt ?? null,
        clientAddress: req ? clientAddressOf(req, config.TRUST_PROXY) : 'unknown',
        // For the audit trail of the mutations it runs.
        request,
        requestId,
      };
    },
    errorHandler: (errors) => {
      const masked = errors.map((error) => yoga.maskTransportError(error) as GraphQLError);
      const status = Math.max(...masked.map((error) => statusOf(error.extensions?.code)));
      return json({ errors: masked.map(({ message, extensions }) => ({ message, code: extensions?.code ?? 'INTERNAL_SERVER_ERROR' })) }, status);
    },
  });
  // Every object with an id is a "model": outside the root (and the lists above) it is answered as `{ id }`.
  sofa.models = Object.values(view.getTypeMap())
    .filter((type) => isObjectType(type) && 'id' in type.getFields() && !type.name.startsWith('__'))
    .map((type) => type.name);
  const router = createSofaRouter(sofa);
  // A campaign's contents as a resource of their own: the campaign route with only its `contents`,
  // whose arguments (first, after, status, platform, tag, categoryId) come as plain query parameters.
  // Loosely typed: fets infers request types from schemas that are TypeBox values, these are plain JSON Schema.
  (router as unknown as { route(options: object): unknown }).route({
    method: 'GET',
    path: '/campaigns/:id/contents',
    operationId: 'campaign_contents',
    description: "A campaign's content, newest first; the same filters and paging as Campaign.contents in GraphQL.",
    // Listed in the OpenAPI document only with schemas; the campaign route validates the rest.
    schemas: {
      request: { params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
      responses: { 200: { $ref: '#/components/schemas/CampaignContentsConnection' } },
    },
    async handler(request: Request & { params: { id: string } }, serverContext: { req: IncomingMessage; res: ServerResponse; requestId?: string }) {
      const url = new URL(request.url);
      const campaign = new URL(`${REST_BASE_PATH}/campaigns/${encodeURIComponent(request.params.id)}`, url);
      for (const [name, value] of url.searchParams) campaign.searchParams.set(`campaign_contents_${name}`, value);
      const response = await router.fetch(new Request(campaign, { headers: { authorization: request.headers.get('authorization') ?? '' } }), serverContext);
      const body = (await response.json()) as { contents?: unknown } | null;
      return json(response.status === 200 ? (body?.contents ?? null) : body, response.status);
    },
  });

  // Built on first use: the routes above are all registered by then.
  let methodsOf: ((path: string) => string[]) | undefined;
  /** What no route answers: a path no route has is 404, a method its path does not take 405. */
  function routeMiss(method: string, path: string): Response {
    methodsOf ??= routeMatcher((router as unknown as { openAPIDocument: { paths?: Record<string, Record<string, unknown>> } }).openAPIDocument.paths ?? {});
    // The document is served by the router but is no route of its own paths.
    const allowed = path === OPENAPI_PATH ? ['GET'] : methodsOf(path.slice(REST_BASE_PATH.length));
    if (allowed.length === 0) return json({ errors: [{ message: 'Not found: no REST route has this path (see /api/openapi.json)', code: 'NOT_FOUND' }] }, 404);
    const refused = json({ errors: [{ message: `This route does not take ${method}: it takes ${allowed.join(', ')}`, code: 'METHOD_NOT_ALLOWED' }] }, 405);
    refused.headers.set('allow', allowed.join(', '));
    return refused;
  }

  const answer = async (request: Request, serverContext: { req: IncomingMessage; res: ServerResponse; requestId?: string }) => {
    const path = new URL(request.url).pathname;
    // sofa's subscription webhooks: the REST view has no subscriptions.
    if (path.startsWith(`${REST_BASE_PATH}/webhook`)) return json({ errors: [{ message: 'Not found', code: 'NOT_FOUND' }] }, 404);
    // Every route acts for someone: GraphQL would answer an anonymous read with null, REST says 401.
    if (!request.headers.get('authorization') && path !== OPENAPI_PATH) {
      return json({ errors: [{ message: 'You must be signed in: send Authorization: Bearer <token or API key>', code: 'UNAUTHENTICATED' }] }, 401);
    }
    // No route takes them, and fetch's Request refuses to be built with them (a TypeError, answered 500).
    if (methodsFetchRefuses.has(request.method)) return routeMiss(request.method, path);
    if (request.body) {
      const encoding = bodyEncodingOf(request.headers.get('content-encoding'));
      // Refused unread, like /graphql: the connection cannot carry another request.
      if (encoding === null) return closing(json({ errors: [{ message: UNSUPPORTED_ENCODING_MESSAGE, code: 'UNSUPPORTED_MEDIA_TYPE' }] }, 415));
      const read = await readBodyWithin(request.body, { declaredLength: request.headers.get('content-length'), encoding, maxBytes: config.MAX_REQUEST_BODY_BYTES });
      if ('refused' in read) {
        const refused = json({ errors: [{ message: read.message, code: 'BAD_USER_INPUT' }] }, 400);
        // What is left of the body stays unread: the connection cannot carry another request.
        return read.refused === 'over the limit' ? closing(refused) : refused;
      }
      const headers = new Headers(request.headers);
      headers.delete('content-length');
      headers.delete('content-encoding');
      request = new Request(request.url, { method: request.method, headers, body: read.body.toString('utf8') });
    }
    const response = await router.fetch(request, serverContext);
    if (!response) return routeMiss(request.method, path);
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('json') || path === OPENAPI_PATH) return response;
    const body = await response.json();
    // A typed error result of a mutation: its code says the status.
    if (body && typeof body === 'object' && typeof body.__typename === 'string' && typeof body.code === 'string') return json(body, statusOf(body.code));
    if (body === null) return json({ errors: [{ message: 'Not found', code: 'NOT_FOUND' }] }, 404);
    return json(body, 200);
  };
  // The server adapter would answer a throw with its stack as text: masked and logged instead, as /graphql does.
  const adapter = createServerAdapter<{ req: IncomingMessage; res: ServerResponse; requestId?: string }>((request, serverContext) =>
    answer(request, serverContext).catch((error: unknown) => {
      // A client that closed its connection mid-request is no fault of the server's, and nobody is left to answer.
      if (serverContext.req.destroyed) {
        app.logger.info({ reqId: serverContext.requestId, reason: error instanceof Error ? error.message : String(error) }, 'the client closed its connection mid-request');
        return json({ errors: [{ message: 'The client closed the connection', code: 'BAD_USER_INPUT' }] }, 400);
      }
      tagWithRequest(error, serverContext.requestId);
      const masked = yoga.maskTransportError(error) as GraphQLError;
      return json({ errors: [{ message: masked.message, code: masked.extensions?.code ?? 'INTERNAL_SERVER_ERROR' }] }, statusOf(masked.extensions?.code));
    }),
  );

  /** Answers a request under /api (see isRestRequest). */
  return (req: IncomingMessage, res: ServerResponse, requestId?: string): Promise<void> => adapter(req, res, { requestId }) as Promise<void>;
}
