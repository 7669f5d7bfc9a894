/**
 * @module pki/path/seal-at-issuance
 * The issuer check of a stored sealed object, licence or document: was the seal certificate valid
 * (path, validity, purpose) at the moment the hub received it, and has it not since been revoked
 * because its key, or its CA's, was compromised?
 */
import type { Check } from '../../core/verification/verification.js';
import type { PathValidator } from './cached-path-validator.js';

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

export type IssuerCheck = (sealed: SealedRecord) => Promise<Check>;

/**
 * A seal vouches for what it sealed at the moment it sealed it. Revocation for most reasons
 * (superseded, affiliationChanged, cessationOfOperation, privilegeWithdrawn, a hold) says "do not
 * seal with this any more" and leaves earlier objects standing — the hub's receipt time proves
 * they were sealed while the seal was good. A compromised key is different: whoever held it could
 * have made the object, and the compromise may well predate its revocation, so nothing sealed
 * with that key (or under a compromised CA) can be trusted afterwards.
 */
const FATAL_REASONS: ReadonlySet<string> = new Set(['keyCompromise', 'cACompromise']);

export interface IssuerCheckOptions {
  /** A validator without revocation checking: revocation is judged by reason below. */
  validator: PathValidator;
  sealStatus(serial: string): Promise<SealStatus | undefined>;
}

export function createIssuerCheck(options: IssuerCheckOptions): IssuerCheck {
  return async (sealed) => {
    try {
      const header = JSON.parse(Buffer.from(sealed.jws.slice(0, sealed.jws.indexOf('.')), 'base64url').toString('utf8')) as {
        x5c: string[];
      };
      await options.validator.validate({
        leaf: header.x5c[0] as string,
        intermediates: header.x5c.slice(1),
        purpose: 'seal',
        at: sealed.createdAt,
      });
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code ?? 'ERR_SEAL_INVALID', detail: '签章证书在盖章时无效' };
    }
    const seal = await options.sealStatus(sealed.sealSerial);
    if (seal?.status === 'revoked' && FATAL_REASONS.has(seal.revocationReason ?? '')) {
      return { ok: false, code: 'ERR_SEAL_KEY_COMPROMISED', detail: '签章证书已因私钥泄露被吊销' };
    }
    return { ok: true };
  };
}
