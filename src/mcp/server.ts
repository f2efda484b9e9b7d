import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { actorOfViewer, runInAuditScope } from '../audit/audit-scope.ts';
import type { AppContext } from '../context.ts';
import { projectRoot } from '../db/prisma-schema.ts';
import { describeError, errorResult, toolResult } from './results.ts';
import { listResources, resourceTemplates } from './resources.ts';
import type { McpCallContext, ToolCall } from './tool.ts';
import { tools } from './tools.ts';

const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

const instructions = `Herald manages a small business's marketing: businesses, their campaigns, the content those campaigns publish on each platform, its engagement, and customer messages.
IDs are the GraphQL API's global IDs, so both APIs can be mixed. Lists are paged: pass a page's nextCursor as after.
A failed call returns isError with structuredContent.error.code: BAD_USER_INPUT (with fieldErrors), UNAUTHENTICATED, FORBIDDEN (your role or key scopes do not allow it), NOT_FOUND (missing, or not yours), INVALID_TRANSITION (with allowed), CONFLICT, RATE_LIMITED (with retryAfterSeconds), BUDGET_EXCEEDED, AI_PROVIDER_ERROR.`;

// The same schemas every call is parsed with, as JSON Schema (draft 7, as the SDK's own McpServer
// publishes them): what a client may send, before the services' transforms.
const listedTools: Tool[] = tools.map(({ name, title, description, input, annotations }) => ({
  name,
  title,
  description,
  inputSchema: z.toJSONSchema(input, { io: 'input', target: 'draft-7' }) as Tool['inputSchema'],
  annotations,
}));
const toolsByName = new Map(tools.map((tool) => [tool.name, tool]));

/** JSON-RPC errors for resource reads; `data.code` is the same code a tool error carries. */
const resourceErrorCodes: Record<string, number> = { NOT_FOUND: -32002, BAD_USER_INPUT: ErrorCode.InvalidParams, INTERNAL_SERVER_ERROR: ErrorCode.InternalError };

/**
 * One MCP server: Herald's tools and resources, each call made as the caller `callerFor` resolves
 * (per call, so a revoked key stops at once) through the same services as GraphQL.
 */
export function createMcpServer(
  app: AppContext,
  callerFor: () => Promise<McpCallContext>,
  requestId?: string,
  origin: { clientAddress?: string; userAgent?: string } = {},
): Server {
  const server = new Server({ name: 'herald', title: 'Herald', version }, { capabilities: { tools: {}, resources: {} }, instructions });
  const log = app.logger.child({ mcp: true, ...(requestId ? { reqId: requestId } : {}) });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listedTools }));

  server.setRequestHandler(CallToolRequestSchema, async ({ params }, extra) => {
    const tool = toolsByName.get(params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `There is no tool ${params.name}; tools/list names them`);
    const started = performance.now();
    const progressToken = params._meta?.progressToken;
    try {
      const call: ToolCall = {
        ctx: await callerFor(),
        signal: extra.signal,
        progress: async (update) => {
          if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...update } });
        },
      };
      const scope = { actor: actorOfViewer(call.ctx.viewer), operation: `mcp ${tool.name}`, requestId, ...origin };
      const result = toolResult(await runInAuditScope(scope, () => tool.call(call, params.arguments)));
      log.info({ tool: tool.name, outcome: 'ok', durationMs: Math.round(performance.now() - started) }, 'mcp tool call');
      return result;
    } catch (error) {
      const described = describeError(error, log, { tool: tool.name });
      log.info({ tool: tool.name, outcome: 'error', code: described.code, durationMs: Math.round(performance.now() - started) }, 'mcp tool call');
      return errorResult(described);
    }
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: resourceTemplates.map(({ name, title, description, uriTemplate }) => ({ name, title, description, uriTemplate, mimeType: 'application/json' })),
  }));

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    try {
      return { resources: await listResources(await callerFor()) };
    } catch (error) {
      throw resourceError(describeError(error, log, { resources: 'list' }));
    }
  });

  server.setRequestHandler(ReadResourceRequestSchema, async ({ params: { uri } }) => {
    const found = resourceTemplates.map((template) => ({ template, id: template.match(uri) })).find(({ id }) => id !== null);
    if (!found?.id) throw resourceError({ code: 'NOT_FOUND', message: `No resource at ${uri.slice(0, 200)}; resources/templates/list gives their forms` });
    try {
      const value = await found.template.read(await callerFor(), found.id);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }] };
    } catch (error) {
      throw resourceError(describeError(error, log, { resource: found.template.name }));
    }
  });

  return server;
}

/** What the SDK turns into a JSON-RPC error as it is (an McpError would prefix its message twice). */
const resourceError = (error: ReturnType<typeof describeError>) =>
  Object.assign(new Error(error.message), { code: resourceErrorCodes[error.code] ?? ErrorCode.InvalidRequest, data: { ...error } });
