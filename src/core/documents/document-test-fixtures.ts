/**
 * @module core/documents/document-test-fixtures
 * Stand-ins for the seal verifier in the document use-case tests: a "compact JWS" here is a key
 * into a table of verification outcomes, so each test says exactly what the seal check answers.
 */
import { createHash } from 'node:crypto';
import type { DocumentRecord } from '../contracts/document-record.js';
import { HubError } from '../errors.js';
import type { SealVerifier, VerifiedSeal } from '../ports/seal-verifier.js';

export const ISSUER = { uscc: '11431322MB1D23456B', name: '新化县自然资源局' };
export const FILE = new TextEncoder().encode('%PDF-1.7 关于梅苑安置小区二期建设工程设计方案的批复');
export const FILE_SHA256 = createHash('sha256').update(FILE).digest('hex');

export function record(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return { docNo: '新自然资规〔2024〕15号', title: '关于梅苑安置小区二期建设工程设计方案的批复', issuer: ISSUER, issuedAt: '2024-06-10', sha256: FILE_SHA256, ...overrides };
}

export interface SealOutcome {
  payload: Record<string, unknown>;
  sealUscc?: string;
  serial?: string;
  /** Thrown for every verification of this JWS. */
  error?: HubError;
}

/** A verifier answering from `outcomes` (by compact JWS); unknown input is a malformed JWS. */
export function fakeSealVerifier(outcomes: Map<string, SealOutcome>): SealVerifier & { calls: { at: Date; checkPath: boolean }[] } {
  const calls: { at: Date; checkPath: boolean }[] = [];
  return {
    calls,
    async verify(compact, { at, checkPath = true }) {
      calls.push({ at, checkPath });
      const outcome = outcomes.get(compact);
      if (!outcome) throw new HubError('not a compact JWS');
      if (outcome.error) throw outcome.error;
      const seal: VerifiedSeal['seal'] = {
        uscc: outcome.sealUscc ?? ISSUER.uscc,
        departmentName: ISSUER.name,
        sealName: '新化县自然资源局行政审批专用章',
        serial: outcome.serial ?? '0a1b2c',
        thumbprint: 'f'.repeat(64),
        notBefore: new Date('2024-01-01T00:00:00Z'),
        notAfter: new Date('2026-01-01T00:00:00Z'),
      };
      return { header: { typ: 'zz-document+jws' }, payload: structuredClone(outcome.payload), seal, digest: createHash('sha256').update(compact).digest('hex') };
    },
  };
}
