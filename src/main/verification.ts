/**
 * @module main/verification
 * Wiring of online verification: the licence verifier (by identifier or number), presented
 * licences, receipts, field-level entitlements, per-user and per-department limits, and the
 * enumeration alarm.
 */
import type { Config } from '../config/config.js';
import type { Principal } from '../core/auth/principal.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { AuditWriter } from '../core/ports/audit-log.js';
import type { Logger } from '../core/ports/logger.js';
import type { ReceiptSigner } from '../core/ports/receipt-signer.js';
import type { SealVerifier } from '../core/ports/seal-verifier.js';
import { createEnumerationWatch } from '../core/verification/enumeration-watch.js';
import { createRateLimiter } from '../core/verification/rate-limiter.js';
import { createLicenseVerifier, type VerificationRequest } from '../core/verification/verify-license.js';
import { verifyPresented } from '../core/verification/verify-presented.js';
import type { IssuerCheck } from '../pki/path/seal-at-issuance.js';
import type { PostgresLicenseReaderRepository } from '../postgres/postgres-license-reader-repository.js';
import type { PostgresLicenseRepository } from '../postgres/postgres-license-repository.js';

export interface VerificationWiringDeps {
  config: Config;
  logger: Logger;
  /** The seal as of when the hub received the licence (`trust.sealAtIssuance`). */
  checkIssuer: IssuerCheck;
  licenses: PostgresLicenseRepository;
  readers: PostgresLicenseReaderRepository;
  contracts: ContractRegistry;
  seals: SealVerifier;
  receipts: ReceiptSigner;
  audit: AuditWriter;
  hashPersonalId(id: string): string;
  requestId(): string | undefined;
  onEnumerationSuspected(): void;
  now(): Date;
}

const SNAPSHOT_MS = 5_000;

export function openVerification(deps: VerificationWiringDeps) {
  const logger = deps.logger.child({ component: 'verification' });

  let entitlements: { at: number; set: Promise<Set<string>> } | undefined;
  const isEntitled = async (department: string, typeCode: string) => {
    const now = deps.now().getTime();
    if (!entitlements || now - entitlements.at > SNAPSHOT_MS) {
      entitlements = { at: now, set: deps.readers.list().then((rows) => new Set(rows.map((r) => `${r.typeCode}/${r.department}`))) };
    }
    return (await entitlements.set).has(`${typeCode}/${department}`);
  };

  const verify = createLicenseVerifier({
    licenses: deps.licenses,
    seals: deps.seals,
    checkIssuer: deps.checkIssuer,
    contracts: deps.contracts,
    isEntitled,
    receipts: deps.receipts,
    audit: deps.audit,
    hashPersonalId: deps.hashPersonalId,
    limits: {
      user: createRateLimiter({ ratePerSecond: deps.config.verifyRatePerUser, burst: deps.config.verifyRatePerUser * 2 }),
      department: createRateLimiter({ ratePerSecond: deps.config.verifyRatePerDepartment, burst: deps.config.verifyRatePerDepartment * 2 }),
    },
    enumeration: createEnumerationWatch(),
    onEnumerationSuspected: (caller: Principal) => {
      deps.onEnumerationSuspected();
      logger.warn({ actor: caller.actor, department: caller.department }, 'verification misses look like enumeration of licence numbers');
    },
    requestId: deps.requestId,
    now: deps.now,
  });

  return {
    verify: (caller: Principal, request: VerificationRequest) => verify(caller, request),
    verifyPresented: (caller: Principal, presented: string, purpose: { caseNo: string; serviceItem?: string }) =>
      verifyPresented(
        {
          licenses: deps.licenses,
          seals: deps.seals,
          checkIssuer: deps.checkIssuer,
          audit: deps.audit,
          receipts: deps.receipts,
          requestId: deps.requestId,
          now: deps.now,
        },
        caller,
        presented,
        purpose,
      ),
  };
}
