/**
 * @module core/users/reset-password
 * Use case: a security admin gives a staff account a new generated password (forgotten, or
 * possibly seen by someone else). The new password is answered once; every session begun with the
 * old one ends, and the account's sign-in lock is lifted so its owner can sign in right away.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { LoginFailureRepository } from '../ports/login-failure-repository.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import { generatePassword } from './generate-password.js';
import { backoffKeys } from './login-service.js';
import { hashPassword } from './password-hash.js';
import { UserNotFoundError } from './user-errors.js';
import { isValidUsername } from './username.js';

export interface ResetPasswordDeps {
  users: UserRepository;
  sessions: SessionRepository;
  failures: LoginFailureRepository;
  now(): Date;
}

export async function resetPassword(
  deps: ResetPasswordDeps,
  caller: Principal,
  username: string,
): Promise<{ username: string; password: string }> {
  const password = generatePassword();
  const audit = [auditEntry(caller, AuditActions.userPasswordReset, deps.now(), { target: username })];
  const user = isValidUsername(username) ? await deps.users.setPasswordHash(username, await hashPassword(password), audit) : undefined;
  if (!user) throw new UserNotFoundError(`no account named ${username}`);
  await deps.sessions.deleteForUser(username);
  await deps.failures.clear(backoffKeys.username(username));
  return { username, password };
}
