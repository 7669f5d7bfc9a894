/**
 * @module main/documents
 * Wiring of sealed documents. Publication checks the seal as of now with the live verifier (CRL
 * included). Verification later judges the seal as of the moment the hub accepted the document:
 * a second verifier validates the path at that past instant without CRLs — today's CRL cannot speak
 * for an instant before its thisUpdate — and the CA's inventory says whether, and why, the seal
 * was revoked since.
 */
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import { createDocumentService, type DocumentService } from '../core/documents/document-service.js';
import { createPathValidator } from '../pki/path-validator.js';
import { createSealedJwsVerifier } from '../pki/sealed-jws.js';
import type { Database } from '../postgres/database.js';
import { PostgresCertificateRepository } from '../postgres/postgres-certificate-repository.js';
import { PostgresDocumentRepository } from '../postgres/postgres-document-repository.js';
import type { Trust } from './trust.js';

export interface DocumentWiringDeps {
  db: Database;
  contracts: ContractRegistry;
  departments: DepartmentService;
  trust: Pick<Trust, 'hubCa' | 'sealVerifier'>;
  now(): Date;
}

export function openDocuments({ db, contracts, departments, trust, now }: DocumentWiringDeps): DocumentService {
  const certificates = new PostgresCertificateRepository(db.sql);
  const sealHistory = createSealedJwsVerifier({
    validator: createPathValidator({ trustAnchors: [trust.hubCa.root.certificate], requireRevocationCheck: false }),
  });
  return createDocumentService({
    documents: new PostgresDocumentRepository(db.sql),
    contracts,
    seals: trust.sealVerifier,
    sealHistory,
    async sealRevocation(serial) {
      const record = await certificates.find(serial);
      if (record?.status !== 'revoked' || !record.revocationReason || !record.revokedAt) return undefined;
      return { reason: record.revocationReason, revokedAt: record.revokedAt };
    },
    assertActiveDepartment: (uscc) => departments.assertActive(uscc),
    now,
  });
}
