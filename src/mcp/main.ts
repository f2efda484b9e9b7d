import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { sessionFromToken } from '../auth/authenticate.ts';
import { createApp, type RunningApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createMcpServer } from './server.ts';
import type { McpCallContext } from './tool.ts';

// `npm run mcp`: Herald's MCP server over stdio for one agent, acting with the API key in
// HERALD_API_KEY on the database in DATABASE_URL. Standard output carries the protocol, so logs
// go to standard error. The process works the job queue too (a generation needs a worker).

const CLOSE_DEADLINE_MS = 9_000;
let app: RunningApp | undefined;
let stopping = false;
let onStarted: (() => void) | undefined;
// A stop asked for during start-up waits for it: a migration must not be cut short.
const started = new Promise<void>((resolve) => (onStarted = resolve));

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await started;
  setTimeout(() => process.exit(1), CLOSE_DEADLINE_MS + 2_000).unref();
  await app?.close(CLOSE_DEADLINE_MS);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
process.on('unhandledRejection', (reason) => app?.logger.error({ err: reason }, 'unhandled rejection'));

try {
  const key = process.env.HERALD_API_KEY;
  if (!key) throw new Error('HERALD_API_KEY must hold the API key (hk_…) the agent acts with');
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, process.stderr);
  app = await createApp(config, logger);
  const running = app;
  // Looked up afresh for every call (never cached), so a revoked or expired key stops at once.
  const caller = async (): Promise<McpCallContext> => {
    const session = await sessionFromToken(key, running.tokens);
    if (session.viewer.apiKey) await running.apiKeyRateLimit.consume(session.viewer.apiKey.id);
    return { app: running, viewer: session.viewer, sessionExpiresAt: session.expiresAt };
  };
  await sessionFromToken(key, running.tokens).catch((error: unknown) => {
    throw new Error(`HERALD_API_KEY is refused: ${error instanceof Error ? error.message : String(error)}`);
  });
  const transport = new StdioServerTransport();
  transport.onclose = () => void stop(0);
  process.stdin.once('end', () => void stop(0));
  await createMcpServer(running, caller).connect(transport);
  logger.info('Herald MCP server is serving on stdio');
  onStarted?.();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Herald MCP could not start: ${message.replace(/\s*\n\s*/g, ' ').trim()}`);
  onStarted?.();
  await stop(1);
}
