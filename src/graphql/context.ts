import type { Viewer } from '../auth/viewer.ts';
import type { AppContext } from '../context.ts';

export interface Context {
  readonly app: AppContext;
  /** The signed-in user, or null for anonymous requests. */
  readonly viewer: Viewer | null;
  /** When the request's token expires (subscriptions end then); null when anonymous. */
  readonly sessionExpiresAt: Date | null;
  /** Where the request came from, for per-client limits. */
  readonly clientAddress: string;
}

/** The context of a field behind the `authenticated` scope: a service context. */
export interface AuthenticatedContext extends Context {
  readonly viewer: Viewer;
  readonly sessionExpiresAt: Date;
}
