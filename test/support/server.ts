import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { AppContext } from '../../src/context.ts';
import { type App, buildApp } from '../../src/server.ts';
import { GraphQLClient } from './client.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export interface TestServer {
  url: string;
  origin: string;
  client: GraphQLClient;
  databaseUrl: string;
  /** The running application's context (the server runs in this process). */
  app: AppContext;
  stop(): Promise<void>;
}

/** Starts the real HTTP server on a free loopback port over a fresh database. */
export async function startTestServer(
  env: Record<string, string> = {},
  database: TestDatabase | Promise<TestDatabase> = createTestDatabase(),
  { logLines }: { /** Receives every log line the server writes, at env.LOG_LEVEL or info. */ logLines?: string[] } = {},
): Promise<TestServer> {
  const db = await database;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? (logLines ? 'info' : 'silent'),
    OBSERVE_SQL: 'true',
    // Background tagging is switched on only by the suites about it, so others see no stray writes.
    AUTO_TAGGING: 'false',
    // Jobs this server enqueues start at once, and waiting ones when due: polling for jobs other
    // processes added would only add stray statements to the suites that count them.
    JOB_POLL_SECONDS: '3600',
    // Recurring jobs fire at wall-clock times, whatever a suite is doing (counting statements,
    // say); the suite about them switches them on.
    JOB_SCHEDULES: 'false',
    // Every suite signs up many users from 127.0.0.1; the throttles have a suite of their own.
    SIGNUP_MAX_PER_ADDRESS: '100000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    ...env,
  });
  let app: App | undefined;
  try {
    const destination = logLines ? { write: (line: string) => void logLines.push(line) } : undefined;
    app = await buildApp(config, createLogger(config.LOG_LEVEL, destination));
    const { url } = await app.start();
    return {
      url,
      origin: new URL(url).origin,
      client: new GraphQLClient(url),
      app: app.context,
      databaseUrl: db.url,
      async stop() {
        await app?.stop();
        await db.drop();
      },
    };
  } catch (error) {
    await app?.stop();
    await db.drop();
    throw error;
  }
}
