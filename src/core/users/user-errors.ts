/**
 * @module core/users/user-errors
 * Failures of staff accounts, console sign-in and console sessions.
 */
import { HubError } from '../errors.js';

export class UserExistsError extends HubError {
  static override code = 'ERR_USER_EXISTS';
}

export class UserNotFoundError extends HubError {
  static override code = 'ERR_USER_NOT_FOUND';
}

/** The caller may manage accounts, but not this one (another department, or a role above a clerk). */
export class UserScopeError extends HubError {
  static override code = 'ERR_USER_SCOPE';
}

/**
 * Wrong username or password, unknown or disabled account: deliberately one error, so an answer
 * never tells which accounts exist.
 */
export class LoginFailedError extends HubError {
  static override code = 'ERR_LOGIN_FAILED';
}

/** Too many failed sign-ins for this username or from this address; `retryAfter` in seconds. */
export class LoginLockedError extends HubError {
  static override code = 'ERR_LOGIN_LOCKED';
  override readonly retriable = true;

  constructor(readonly retryAfterSeconds: number) {
    super('too many failed sign-ins; try again later', { extra: { retryAfter: retryAfterSeconds } });
  }
}

/** The console session cookie is unknown, expired, idle too long, or its account was disabled. */
export class SessionInvalidError extends HubError {
  static override code = 'ERR_SESSION_INVALID';
}

/** An unsafe request authenticated by a cookie did not carry the session's anti-CSRF token. */
export class CsrfError extends HubError {
  static override code = 'ERR_CSRF';
}
