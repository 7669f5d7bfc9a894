/**
 * @module core/users/disable-user
 * Use case: a security admin disables a staff account (leavers, suspected compromise). The account
 * is kept — its name stays taken and its past actions stay attributable — but it can no longer sign
 * in, and its open sessions end at once.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import { toUserView, type UserView } from './user.js';
import { UserNotFoundError } from './user-errors.js';
import { isValidUsername } from './username.js';

export interface DisableUserDeps {
  users: UserRepository;
  sessions: SessionRepository;
  now(): Date;
}

export async function disableUser(deps: DisableUserDeps, caller: Principal, username: string): Promise<UserView> {
  const at = deps.now();
  const audit = [auditEntry(caller, AuditActions.userDisable, at, { target: username })];
  const user = isValidUsername(username) ? await deps.users.disable(username, at, audit) : undefined;
  if (!user) throw new UserNotFoundError(`no account named ${username}`);
  // The session lookup already refuses disabled accounts; this only drops rows nobody can use.
  await deps.sessions.deleteForUser(username);
  return toUserView(user);
}
