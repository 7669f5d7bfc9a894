/**
 * @module core/users/session-authenticator
 * Turns a console session cookie into a `Principal` (`user:<name>`), enforcing the absolute and
 * idle limits, and ends sessions at logout. The HTTP layer tries bearer tokens first and falls back
 * to the session cookie; `withSessions` hands both to it through the one `Authenticator` it is
 * given, so the route registry keeps a single authentication dependency.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { StaffRole } from './user.js';
import { looksLikeSessionSecret, sessionDigest, SESSION_POLICY } from './session-token.js';

export interface AuthenticatedSession {
  principal: Principal & { role: StaffRole };
  username: string;
  csrfToken: string;
}

export interface SessionAuthenticator {
  /** The live session for this cookie value, or undefined (unknown, expired, idle, account disabled). */
  find(sessionId: string): Promise<AuthenticatedSession | undefined>;
  end(sessionId: string): Promise<void>;
}

export interface SessionAuthenticatorOptions {
  sessions: SessionRepository;
  now(): Date;
}

/** Activity is written at most this often: a page with several API calls costs one write, not many. */
const TOUCH_EVERY_MS = 60_000;

export function createSessionAuthenticator(options: SessionAuthenticatorOptions): SessionAuthenticator {
  return {
    async find(sessionId) {
      if (!looksLikeSessionSecret(sessionId)) return undefined;
      const digest = sessionDigest(sessionId);
      const now = options.now();
      const session = await options.sessions.findActive(digest, now, new Date(now.getTime() - SESSION_POLICY.idleMs));
      if (!session) return undefined;
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await options.sessions.touch(digest, now);
      return {
        principal: { actor: `user:${session.username}`, role: session.role, department: session.department },
        username: session.username,
        csrfToken: session.csrfToken,
      };
    },
    async end(sessionId) {
      if (looksLikeSessionSecret(sessionId)) await options.sessions.delete(sessionDigest(sessionId));
    },
  };
}

/** A bearer-token Authenticator that also knows console sessions. */
export interface SessionCapableAuthenticator extends Authenticator {
  readonly sessions: SessionAuthenticator;
}

export function withSessions(bearer: Authenticator, sessions: SessionAuthenticator): SessionCapableAuthenticator {
  return {
    accepts: (credential) => bearer.accepts(credential),
    authenticate: (credential) => bearer.authenticate(credential),
    sessions,
  };
}

/** The session authenticator riding on `authenticator`, if it was built `withSessions`. */
export function sessionsOf(authenticator: Authenticator): SessionAuthenticator | undefined {
  return (authenticator as Partial<SessionCapableAuthenticator>).sessions;
}
