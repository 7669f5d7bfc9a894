/**
 * @module pki/path/seal-at-issuance
 * The issuer check of a stored sealed object, licence or document: was the seal certificate valid
 * (path, validity, purpose) at the moment the hub received it, and has it not since been revoked
 * because its key, or its CA's, was compromised?
 */
import type { Check } from '../../core/verification/verification.js';
import * as x509 from '../x509.js';
import type { PathValidator } from './cached-path-validator.js';

export interface SealStatus {
  status: 'valid' | 'suspended' | 'revoked';
  revocationReason?: string | undefined;
}

/** A stored sealed object: licence or document. */
export interface SealedRecord {
  /**
   * The JWS, or how to read it: then its seal chain is read once per seal serial and kept, so a
   * verification of a stored licence needs no JWS (the chain of a serial never changes).
   */
  jws: string | (() => Promise<string>);
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

/** Seal chains kept per serial; far more than a county has seals. */
const MAX_CHAINS = 10_000;

export function createIssuerCheck(options: IssuerCheckOptions): IssuerCheck {
  const chains = new Map<string, string[]>();
  const chainOf = async (sealed: SealedRecord): Promise<string[]> => {
    if (typeof sealed.jws === 'string') return x5cOf(sealed.jws);
    const kept = chains.get(sealed.sealSerial);
    if (kept) return kept;
    const chain = x5cOf(await sealed.jws());
    // Kept only as the chain of the serial the (MACed) row names: a chain read from an altered JWS
    // never stands in for another seal.
    const leaf = new x509.X509Certificate(chain[0] as string);
    if (leaf.serialNumber.toLowerCase() !== sealed.sealSerial.toLowerCase()) {
      throw Object.assign(new Error('the stored JWS names another seal than its record'), { code: 'ERR_RECORD_ALTERED' });
    }
    if (chains.size >= MAX_CHAINS) chains.delete(chains.keys().next().value as string);
    chains.set(sealed.sealSerial, chain);
    return chain;
  };
  return async (sealed) => {
    try {
      const x5c = await chainOf(sealed);
      await options.validator.validate({
        leaf: x5c[0] as string,
        intermediates: x5c.slice(1),
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

function x5cOf(jws: string): string[] {
  const header = JSON.parse(Buffer.from(jws.slice(0, jws.indexOf('.')), 'base64url').toString('utf8')) as { x5c?: unknown };
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw new TypeError('the stored JWS carries no x5c');
  return header.x5c as string[];
}
