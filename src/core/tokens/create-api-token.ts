/**
 * @module core/tokens/create-api-token
 * Use case: a security admin mints an API token for automation (DESIGN §3 `POST /v1/tokens`).
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { isDepartmentBound, isRole, Roles, type Role } from '../auth/roles.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { ApiTokenRepository } from '../ports/api-token-repository.js';
import { generateApiToken } from './api-token.js';
import { parseDuration } from './duration.js';

export interface CreateApiTokenInput {
  role: string;
  department?: string | undefined;
  ttl?: string | undefined;
  label?: string | undefined;
}

export interface CreatedApiToken {
  id: string;
  token: string;
  role: Role;
  department: string | undefined;
  expiresAt: Date;
}

export const DEFAULT_TOKEN_TTL = '30d';
const MAX_TTL_SECONDS = 366 * 86_400;

export interface CreateApiTokenDeps {
  tokens: ApiTokenRepository;
  /** Department existence and credit-code check; throws a coded error when unknown. */
  assertActiveDepartment(uscc: string): Promise<unknown>;
  now(): Date;
}

export async function createApiToken(deps: CreateApiTokenDeps, caller: Principal, input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const errors: FieldError[] = [];
  if (!isRole(input.role)) errors.push({ pointer: '/role', detail: `must be one of ${Roles.join(', ')}` });
  const ttlSeconds = parseDuration(input.ttl ?? DEFAULT_TOKEN_TTL);
  if (ttlSeconds === undefined || ttlSeconds > MAX_TTL_SECONDS) {
    errors.push({ pointer: '/ttl', detail: 'must be a duration like 15m, 1h or 30d, at most 366d' });
  }
  const role = input.role as Role;
  if (isRole(role)) {
    if (isDepartmentBound(role) && !input.department) {
      errors.push({ pointer: '/department', detail: `role ${role} acts for a department: give its credit code` });
    }
    if (!isDepartmentBound(role) && input.department) {
      errors.push({ pointer: '/department', detail: `role ${role} is county-wide and takes no department` });
    }
  }
  if (errors.length > 0) throw new ValidationError('the token request is invalid', { errors });
  if (input.department) await deps.assertActiveDepartment(input.department);

  const { id, token, tokenHash } = generateApiToken();
  const expiresAt = new Date(deps.now().getTime() + (ttlSeconds as number) * 1000);
  await deps.tokens.insert(
    {
      id,
      tokenHash,
      role,
      department: input.department || undefined,
      label: input.label,
      createdBy: caller.actor,
      expiresAt,
    },
    [
      auditEntry(caller, AuditActions.apiTokenCreate, deps.now(), {
        target: id,
        details: { role, ...(input.department ? { department: input.department } : {}), expiresAt: expiresAt.toISOString() },
      }),
    ],
  );
  return { id, token, role, department: input.department || undefined, expiresAt };
}
