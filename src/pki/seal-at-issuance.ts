/**
 * @module pki/seal-at-issuance
 * The issuer check of a stored licence: was the seal certificate valid (path, validity, purpose)
 * at the moment the hub received the licence, and has it not since been revoked for key compromise?
 * A seal revoked later for another reason (superseded, the department reorganised) does not undo
 * what was properly sealed while it was valid; a compromised key (or CA) does, because anyone may
 * have sealed with it.
 */
import type { Check } from '../core/verification/verify-license.js';
import type { PathValidator } from './path-validator.js';

export interface SealStatus {
  status: 'valid' | 'suspended' | 'revoked';
  revocationReason?: string | undefined;
}

/** A stored sealed object: licence or document. */
export interface SealedRecord {
  jws: string;
  sealSerial: string;
  /** When the hub received it: the trusted "sealed no later than". */
  createdAt: Date;
}

const FATAL_REASONS = new Set(['keyCompromise', 'cACompromise']);

export interface IssuerCheckOptions {
  /** A validator without revocation checking: revocation is judged by reason below. */
  validator: PathValidator;
  sealStatus(serial: string): Promise<SealStatus | undefined>;
}

export function createIssuerCheck(options: IssuerCheckOptions): (sealed: SealedRecord) => Promise<Check> {
  return async (license) => {
    try {
      const header = JSON.parse(Buffer.from(license.jws.slice(0, license.jws.indexOf('.')), 'base64url').toString('utf8')) as { x5c: string[] };
      await options.validator.validate({ leaf: header.x5c[0] as string, intermediates: header.x5c.slice(1), purpose: 'seal', at: license.createdAt });
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code ?? 'ERR_SEAL_INVALID', detail: '签章证书在盖章时无效' };
    }
    const seal = await options.sealStatus(license.sealSerial);
    if (seal?.status === 'revoked' && FATAL_REASONS.has(seal.revocationReason ?? '')) {
      return { ok: false, code: 'ERR_SEAL_KEY_COMPROMISED', detail: '签章证书已因私钥泄露被吊销' };
    }
    return { ok: true };
  };
}
