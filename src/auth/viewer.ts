import type { UserRole } from '../domain/enums.ts';
import type { ApiKeyScope } from '../domain/roles.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';

/** An API key a request is made with: it acts for its creator, in one business, within its scopes. */
export interface ViewerApiKey {
  readonly id: string;
  readonly businessId: string;
  readonly scopes: readonly ApiKeyScope[];
}

/** Who is making a request: a signed-in user, or a program with an API key. Anonymous requests have none. */
export interface Viewer {
  /** The user acted for (for a key, its creator). */
  readonly id: string;
  readonly role: UserRole;
  readonly apiKey?: ViewerApiKey;
}

/**
 * Who a viewer is for what they may see, as a string: requests with the same one see the same rows.
 * A key acts for its creator (the same id) yet sees only what its business and scopes allow.
 */
export function viewerIdentity(viewer: Viewer | null): string {
  if (!viewer) return '';
  const key = viewer.apiKey ? [viewer.apiKey.id, viewer.apiKey.businessId, [...viewer.apiKey.scopes].sort()] : null;
  return JSON.stringify([viewer.id, viewer.role, key]);
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

/** The shared taxonomy (categories) is managed by admins. */
export function requireAdmin(viewer: Viewer): Viewer {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only an admin can change the shared taxonomy');
  return viewer;
}

/** What only a person does (create a business, join or leave one): never an API key. */
export function requirePerson(viewer: Viewer, action: string): Viewer {
  if (viewer.apiKey) throw new ForbiddenError(`An API key cannot ${action}; sign in as a person`);
  return viewer;
}
