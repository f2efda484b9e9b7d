import type { TokenSigner } from '../auth/tokens.ts';
import type { Logger } from '../logger.ts';

export interface Viewer {
  id: string;
  role: 'USER' | 'ADMIN';
}

export interface Context {
  /** The signed-in user, or null for anonymous requests. */
  readonly viewer: Viewer | null;
  readonly tokens: TokenSigner;
  readonly logger: Logger;
  /** Sign-ups with these emails become ADMIN (they manage the shared taxonomy). */
  readonly adminEmails: readonly string[];
}
