import type { AiRuntime } from './ai/runtime.ts';
import type { LayeredCache } from './cache/layered-cache.ts';
import type { SessionCache } from './auth/session-cache.ts';
import type { SignInThrottle } from './auth/sign-in-throttle.ts';
import type { ApiKeyRateLimit } from './auth/api-key-rate-limit.ts';
import type { TokenSigner } from './auth/tokens.ts';
import type { Viewer } from './auth/viewer.ts';
import type { Config } from './config.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics/metrics.ts';
import type { EventReads } from './realtime/event-reads.ts';
import type { MembershipWatch } from './realtime/membership-watch.ts';
import type { EventBus } from './realtime/pubsub.ts';
import type { SessionWatch } from './realtime/session-guard.ts';
import type { VectorSearch } from './search/vector-search.ts';

export interface Clock {
  now(): Date;
}

/**
 * Everything a request, a background task or a script needs from outside the database, built
 * once at start (app.ts) and handed to every entry point. Nothing of this lives in globals.
 */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ai: AiRuntime;
  /** How semantic search compares vectors on this database, decided at start. */
  readonly vectorSearch: VectorSearch;
  readonly events: EventBus;
  /** Re-reads of an event's row, shared by the subscribers it is delivered to. */
  readonly eventReads: EventReads;
  /** Ends subscriptions whose session is over (token expiry, deactivated user). */
  readonly sessions: SessionWatch;
  /** Ends subscriptions whose member was removed or lost the role they need, should the event saying so be lost. */
  readonly memberships: MembershipWatch;
  readonly tokens: TokenSigner;
  /** Recently verified tokens, for HTTP requests (subscriptions always check afresh). */
  readonly sessionCache?: SessionCache;
  readonly signInThrottle: SignInThrottle;
  readonly apiKeyRateLimit: ApiKeyRateLimit;
  /** Durable jobs: enqueued in the transaction of the write that causes them. */
  readonly jobs: JobQueue;
  /** Prometheus collectors, served on /metrics; modules add their own through its helpers. */
  readonly metrics: Metrics;
  /** memory → Redis → database cache of rollups and AI answers (src/cache). */
  readonly cache: LayeredCache;
}

/** What a service acts with: the application, and the signed-in user it acts for. */
export interface ServiceContext {
  readonly app: AppContext;
  readonly viewer: Viewer;
}
