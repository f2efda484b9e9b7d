import type { UserRole } from '../domain/enums.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';

/** Who is making a request: a signed-in user. Anonymous requests have none. */
export interface Viewer {
  readonly id: string;
  readonly role: UserRole;
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
