import { z } from 'zod';
import { priceOverridesSchema } from './ai/pricing.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('file:./data/herald.db'),
  /** Unset: a random secret kept beside the SQLite file (refused on PostgreSQL); see auth/jwt-secret.ts. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i, 'JWT_EXPIRES_IN must be a duration such as 15m, 12h or 7d')
    .default('7d'),
  /** PostgreSQL: rank semantic search with pgvector when the server has the extension (auto), or always scan exactly (off). */
  PGVECTOR: z.enum(['auto', 'off']).default('auto'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
  /** Prefix of this deployment's Redis channels and keys; instances of one deployment share it. */
  REDIS_KEY_PREFIX: z.string().regex(/^[\w.-]{1,50}$/, 'REDIS_KEY_PREFIX: letters, digits, _ . - only').default('herald'),
  AI_PROVIDER: z.enum(['openai', 'offline']).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  OPENAI_STRUCTURED_OUTPUTS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Cap on a chat answer's length; also what a call reserves of the monthly budget before it runs. */
  AI_MAX_COMPLETION_TOKENS: z.coerce.number().int().min(256).max(100_000).default(8_192),
  /** Merged over the built-in price table. */
  AI_PRICES: z
    .string()
    .optional()
    .transform((json, ctx) => {
      if (!json) return {};
      try {
        return JSON.parse(json) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(priceOverridesSchema),
  AI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  AI_BUDGET_FREE_USD: z.coerce.number().min(0).default(5),
  AI_BUDGET_PRO_USD: z.coerce.number().min(0).default(50),
  AI_BUDGET_ENTERPRISE_USD: z.coerce.number().min(0).default(500),
  AUTO_TAGGING: flag.default(true),
  /** Comma-separated: users who sign up with these emails manage the shared taxonomy. */
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean)),
  AI_GENERATION_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_QUERY_NODES: z.coerce.number().int().positive().default(50_000),
  MAX_REQUEST_BODY_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Unset: on outside production, off in production. */
  GRAPHQL_INTROSPECTION: flag.optional(),
  /** Answer queries that only read columns, relations and connections with one SQL statement (see compiled-reads/). */
  COMPILED_READS: flag.default(true),
  /** Operations clients may send by id (codegen's persisted-documents.json); unset: persisted-operations.json, if there. */
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  /** Refuse every document that is not sent by the id of a persisted operation (production apps). */
  PERSISTED_OPERATIONS_ONLY: flag.default(false),
  /** Comma-separated origins allowed to call the API from a browser, or *. */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((origin) => origin.trim()).filter(Boolean)),
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  TRUST_PROXY: flag.default(false),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  SIGNUP_MAX_PER_ADDRESS: z.coerce.number().int().positive().default(10),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().positive().default(3_600),
  /** How often an open subscription checks that its user is still active and still a member in a role that allows it. */
  SUBSCRIPTION_AUTH_CHECK_SECONDS: z.coerce.number().int().positive().default(60),
  /** How long a verified token's session is reused by HTTP requests; 0 checks every request. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
  /** How long a running job is held by its worker before it counts as abandoned and is run again. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(300),
  /** How often idle workers look for due jobs (jobs enqueued by this instance start at once). */
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(3_600).default(2),
  /** Whether this instance registers recurring jobs and sends their occurrences (their queues are worked either way). */
  JOB_SCHEDULES: flag.default(true),
  /** Content created longer ago than this is archived by the daily archive-old-content job. */
  CONTENT_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** Days a deleted business, campaign, content or message stays in the trash, restorable, before the purge-expired job erases it. */
  TRASH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Analytics snapshots older than this are rolled into daily rows by the roll-up-analytics job. */
  ANALYTICS_ROLLUP_AFTER_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
  CACHE_MEMORY_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  CACHE_MEMORY_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  CACHE_REDIS_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(600),
  CACHE_DATABASE_TTL_SECONDS: z.coerce.number().int().min(1).max(2_592_000).default(3_600),
  /** How long an idempotency key answers with its first result; the purge-expired job removes older keys. */
  IDEMPOTENCY_WINDOW_HOURS: z.coerce.number().int().min(1).max(8_760).default(24),
  /** Serve GET /metrics (Prometheus text format) on the HTTP port. */
  METRICS_ENABLED: flag.default(true),
  /** When set, /metrics answers only `Authorization: Bearer <token>`; scrapers outside the private network need it. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Publishing: attempts before scheduled content is FAILED, and the first retry's delay (later ones double). */
  PUBLISH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  PUBLISH_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Hours after publishing at which engagement is collected, then once a day until ENGAGEMENT_COLLECTION_DAYS. */
  ENGAGEMENT_COLLECTION_HOURS: z
    .string()
    .default('1,6,24,72')
    .transform((value) => value.split(',').map((hours) => Number(hours.trim())))
    .pipe(z.array(z.number().positive().max(24 * 365)).min(1)),
  ENGAGEMENT_COLLECTION_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Let WEBHOOK accounts and webhook endpoints post to private, loopback and link-local addresses (tests, a receiver on the same host). */
  WEBHOOK_ALLOW_PRIVATE_URLS: flag.default(false),
  /** Webhook deliveries: attempts per delivery, the first retry's delay (later ones double), one attempt's deadline. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(12),
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Deliveries in a row that fail for good (every attempt) before their endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  /** The Ayrshare API that AYRSHARE accounts without their own URL publish through. */
  AYRSHARE_BASE_URL: z.url({ protocol: /^https?$/, message: 'AYRSHARE_BASE_URL must be an http(s) URL' }).default('https://api.ayrshare.com/api'),
  /** Let the Ayrshare API be reached on private, loopback and link-local addresses (tests, a proxy on the same host). */
  AYRSHARE_ALLOW_PRIVATE_URLS: flag.default(false),
  /** Emit an event per SQL statement, for tests and benchmarks that count them. */
  OBSERVE_SQL: flag.default(false),
});

export type Config = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops the start with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.AI_PROVIDER === 'openai' && !parsed.data.OPENAI_API_KEY) {
    throw new Error('Invalid configuration: AI_PROVIDER=openai needs OPENAI_API_KEY');
  }
  return parsed.data;
}
