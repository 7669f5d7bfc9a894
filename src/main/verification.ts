/**
 * @module main/verification
 * Wiring of online verification: the one pipeline (core/verification) with its per-user and
 * per-department limits, the holder guard and the enumeration alarm, reading rights from the
 * rights directory; batches of one case share one receipt.
 */
import type { Config } from '../config/config.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { AuditWriter } from '../core/ports/audit-writer.js';
import type { LicenseRepository } from '../core/ports/license-repository.js';
import type { Logger } from '../core/ports/logger.js';
import type { ReceiptSigner } from '../core/ports/receipt-signer.js';
import type { RowMacKeys } from '../core/ports/row-mac-keys.js';
import type { SealVerifier } from '../core/ports/seal-verifier.js';
import type { RightsDirectory } from '../core/rights/rights-directory.js';
import { createEnumerationWatch } from '../core/verification/enumeration-watch.js';
import { createHolderGuard } from '../core/verification/holder-guard.js';
import { createRateLimiter } from '../core/verification/rate-limiter.js';
import { createVerificationBatch } from '../core/verification/verification-batch.js';
import { createVerificationPipeline, type VerificationPipeline } from '../core/verification/verification-pipeline.js';
import { currentClientAddress } from '../logging/request-context.js';
import type { IssuerCheck } from '../pki/path/seal-at-issuance.js';

export interface VerificationWiringDeps {
  config: Config;
  logger: Logger;
  /** The seal as of when the hub received the licence (`trust.sealAtIssuance`). */
  checkIssuer: IssuerCheck;
  licenses: Pick<LicenseRepository, 'facts' | 'factsByNumber' | 'findByDigests' | 'find'>;
  rowMacs: Pick<RowMacKeys, 'check' | 'learn'>;
  rights: Pick<RightsDirectory, 'mayRead'>;
  contracts: ContractRegistry;
  seals: SealVerifier;
  receipts: ReceiptSigner;
  audit: AuditWriter;
  hashPersonalId(id: string): string;
  requestId(): string | undefined;
  onEnumerationSuspected(): void;
  now(): Date;
}

export interface VerificationWiring extends VerificationPipeline {
  /** Up to 100 licences for one case, one batch receipt: for `POST /v1/verifications/batch` and the bus. */
  verifyBatch: ReturnType<typeof createVerificationBatch>;
}

export function openVerification(deps: VerificationWiringDeps): VerificationWiring {
  const logger = deps.logger.child({ component: 'verification' });
  const perSecond = (rate: number) => createRateLimiter({ ratePerSecond: rate, burst: rate * 2 });
  const pipeline = createVerificationPipeline({
    licenses: deps.licenses,
    seals: deps.seals,
    rowMacs: deps.rowMacs,
    checkIssuer: deps.checkIssuer,
    contracts: deps.contracts,
    rights: deps.rights,
    receipts: deps.receipts,
    audit: deps.audit,
    hashPersonalId: deps.hashPersonalId,
    limits: {
      user: perSecond(deps.config.verifyRatePerUser),
      department: perSecond(deps.config.verifyRatePerDepartment),
      address: perSecond(deps.config.verifyRatePerAddress),
    },
    clientAddress: currentClientAddress,
    enumeration: createEnumerationWatch(),
    holderGuard: createHolderGuard(),
    onEnumerationSuspected: (caller, kind) => {
      deps.onEnumerationSuspected();
      logger.warn({ actor: caller.actor, department: caller.department, kind }, `verifications look like enumeration of ${kind}`);
    },
    requestId: deps.requestId,
    now: deps.now,
  });
  return { ...pipeline, verifyBatch: createVerificationBatch({ check: pipeline.check, receipts: deps.receipts, now: deps.now }) };
}
