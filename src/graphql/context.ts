import type { Viewer } from '../auth/viewer.ts';
import type { AppContext } from '../context.ts';

export interface Context {
  readonly app: AppContext;
  /** The signed-in user, or null for anonymous requests. */
  readonly viewer: Viewer | null;
}

/** The context of a field behind the `authenticated` scope: a service context. */
export interface AuthenticatedContext extends Context {
  readonly viewer: Viewer;
}
