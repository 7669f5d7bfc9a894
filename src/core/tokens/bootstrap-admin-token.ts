/**
 * @module core/tokens/bootstrap-admin-token
 * First start: with an empty token store the hub mints one security-admin token and hands it to the
 * operator through a 0600 file (DESIGN §3). The token itself is never logged.
 */
import { AuditActions, auditEntry, servicePrincipal } from '../audit/audit-actions.js';
import type { ApiTokenRepository } from '../ports/api-token-repository.js';
import type { Logger } from '../ports/logger.js';
import { generateApiToken } from './api-token.js';

export interface BootstrapDeps {
  tokens: ApiTokenRepository;
  /** Writes the token where only the hub's user can read it. */
  writeSecretFile(path: string, content: string): Promise<void>;
  logger: Logger;
  now(): Date;
}

const BOOTSTRAP = servicePrincipal('system:bootstrap');

/** Returns true when a token was created (the store was empty). */
export async function bootstrapAdminToken(deps: BootstrapDeps, tokenFile: string): Promise<boolean> {
  const { id, token, tokenHash } = generateApiToken();
  const created = await deps.tokens.insertIfNoneExist(
    {
      id,
      tokenHash,
      role: 'security-admin',
      department: undefined,
      label: 'bootstrap',
      createdBy: BOOTSTRAP.actor,
      // The bootstrap token does not expire: it is how the operator gets back in. Revoke it once
      // named admin accounts exist.
      expiresAt: undefined,
    },
    [
      auditEntry(BOOTSTRAP, AuditActions.apiTokenCreate, deps.now(), {
        target: id,
        details: { role: 'security-admin', label: 'bootstrap' },
      }),
    ],
  );
  if (!created) return false;
  await deps.writeSecretFile(tokenFile, `${token}\n`);
  deps.logger.info({ tokenFile }, 'empty store: security-admin bootstrap token written (mode 0600)');
  return true;
}
