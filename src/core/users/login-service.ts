/**
 * @module core/users/login-service
 * Use case: a staff member signs in to the console with username and password.
 *
 * Nothing in the answer or its timing tells whether an account exists: an unknown, disabled or
 * mistyped account fails with the same `LoginFailedError`, and an unknown one still pays a full
 * scrypt verification (against a dummy hash) and the same back-off writes. Failures are counted
 * per username and per client address (login-backoff.ts); while either is locked the password is
 * not even checked and the caller gets `LoginLockedError` with the seconds to wait.
 *
 * Every attempt is audited before it is answered. A failed attempt names the account only if it
 * exists: what was typed for an unknown one (often a password in the wrong field) is not kept.
 */
import { AuditActions } from '../audit/audit-actions.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { Logger } from '../ports/logger.js';
import type { LoginFailureRepository } from '../ports/login-failure-repository.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { User } from './user.js';
import { generatePassword } from './generate-password.js';
import { ADDRESS_BACKOFF, lockSeconds, USERNAME_BACKOFF, type BackoffPolicy } from './login-backoff.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { generateSessionSecret, sessionDigest, SESSION_POLICY } from './session-token.js';
import { LoginFailedError, LoginLockedError } from './user-errors.js';
import { isValidUsername, normaliseLoginName } from './username.js';

export interface LogInInput {
  username: string;
  password: string;
  /** The client's network address as the hub sees it. */
  clientAddress: string;
}

export interface StartedSession {
  /** Goes into the HttpOnly cookie and nowhere else. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface LoginService {
  logIn(input: LogInInput): Promise<StartedSession>;
}

export interface LoginServiceDeps {
  users: UserRepository;
  audit: AuditWriter;
  sessions: SessionRepository;
  failures: LoginFailureRepository;
  logger: Logger;
  now(): Date;
}

/** Passwords are generated 20-character strings; anything far longer is refused without hashing it. */
const MAX_PASSWORD_CHARS = 256;

export const backoffKeys = {
  username: (name: string) => `user:${name}`,
  address: (address: string) => `ip:${address}`,
};

export function createLoginService(deps: LoginServiceDeps): LoginService {
  // A real hash of a password nobody knows, so unknown accounts cost the same verification.
  const dummyHash = hashPassword(generatePassword());

  async function recordFailure(key: string, policy: BackoffPolicy, scope: string, now: Date): Promise<void> {
    const forgetBefore = new Date(now.getTime() - policy.forgetAfterSeconds * 1000);
    const failures = await deps.failures.recordFailure(key, now, forgetBefore, (count) => {
      const seconds = lockSeconds(count, policy);
      return seconds > 0 ? new Date(now.getTime() + seconds * 1000) : undefined;
    });
    const seconds = lockSeconds(failures, policy);
    // Which name or address is never logged: the log must not become a list of staff or clients.
    if (seconds > 0) deps.logger.warn({ scope, failures, lockSeconds: seconds }, 'sign-in locked after repeated failures');
  }

  return {
    async logIn(input) {
      const now = deps.now();
      const username = normaliseLoginName(input.username);
      const userKey = backoffKeys.username(username);
      const addressKey = backoffKeys.address(input.clientAddress);

      const record = (user: User | undefined, result: 'ok' | 'failed' | 'locked') =>
        deps.audit.record({
          action: AuditActions.userLogin,
          actor: user ? `user:${user.username}` : 'anonymous',
          role: user?.role ?? 'anonymous',
          department: user?.department,
          target: user?.username,
          result,
          requestId: undefined,
          at: now,
          details: { clientAddress: input.clientAddress },
        });

      const lockedUntil = await deps.failures.lockedUntil([userKey, addressKey], now);
      if (lockedUntil) {
        await record(undefined, 'locked');
        throw new LoginLockedError(Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
      }

      const user = isValidUsername(username) ? await deps.users.find(username) : undefined;
      // An oversized password cannot match, but is still answered only after a full verification.
      const oversized = input.password.length > MAX_PASSWORD_CHARS;
      const hash = user?.passwordHash ?? (await dummyHash);
      const matches = (await verifyPassword(oversized ? '' : input.password, hash)) && !oversized;
      if (!user || !matches || user.disabledAt) {
        await recordFailure(userKey, USERNAME_BACKOFF, 'username', now);
        await recordFailure(addressKey, ADDRESS_BACKOFF, 'address', now);
        await record(user, 'failed');
        throw new LoginFailedError('the username or password is wrong');
      }

      // The address counter is kept: one valid account must not reset an attacker's address.
      await deps.failures.clear(userKey);
      const sessionId = generateSessionSecret();
      const csrfToken = generateSessionSecret();
      const expiresAt = new Date(now.getTime() + SESSION_POLICY.absoluteMs);
      await deps.sessions.insert({
        idHash: sessionDigest(sessionId),
        username: user.username,
        csrfToken,
        // The version read before the password was checked: a reset meanwhile ends this session.
        credentialVersion: user.credentialVersion,
        createdAt: now,
        expiresAt,
      });
      await deps.sessions.deleteExpired(now, new Date(now.getTime() - SESSION_POLICY.idleMs));
      await record(user, 'ok');
      return { sessionId, csrfToken, expiresAt };
    },
  };
}
