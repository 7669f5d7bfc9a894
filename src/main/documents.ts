/**
 * @module main/documents
 * Wiring of sealed documents. Publication checks the seal as of now with the live verifier (CRL
 * included). Verification later checks the kept JWS's signature, and judges the seal as of the
 * moment the hub accepted the document with the issuer check licences use (`trust.sealAtIssuance`).
 */
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import { createDocumentService, type DocumentService } from '../core/documents/document-service.js';
import type { Database } from '../postgres/database.js';
import { PostgresDocumentRepository } from '../postgres/postgres-document-repository.js';
import type { Trust } from './trust.js';

export interface DocumentWiringDeps {
  db: Database;
  contracts: ContractRegistry;
  departments: DepartmentService;
  trust: Pick<Trust, 'sealVerifier' | 'sealAtIssuance'>;
  now(): Date;
}

export function openDocuments({ db, contracts, departments, trust, now }: DocumentWiringDeps): DocumentService {
  return createDocumentService({
    documents: new PostgresDocumentRepository(db.sql),
    contracts,
    seals: trust.sealVerifier,
    // Integrity only (`checkPath: false`): the seal's path at sealing time is `checkIssuer`'s.
    sealHistory: trust.sealVerifier,
    checkIssuer: trust.sealAtIssuance,
    assertActiveDepartment: departments.assertActive,
    now,
  });
}
