/**
 * @module pki/path/validate-path
 * Our own RFC 5280-style certification path validation on top of @peculiar/x509, whose chain
 * builder only links certificates. Candidate paths come from `path-builder`; each is checked top
 * down (anchor first) for signatures, validity at `at`, understood critical extensions, the RFC 5280
 * profile's MUST rules, name constraints and issuer constraints, then the leaf's purpose, then revocation from fresh CRLs signed by each issuer. The
 * first path that passes wins; otherwise the first path's error is reported — it is the most
 * plausible one (anchors are tried first) and keeps the answer deterministic.
 */
import { HubError } from '../../core/errors.js';
import { CertificatePathWorkExceededError } from '../../core/pki-errors.js';
import { type CertificateInput, isSelfIssued, parseCertificate } from './certificate-input.js';
import {
  type CertificatePurpose,
  checkCriticalExtensions,
  checkIssuer,
  checkLeafPurpose,
  checkSignature,
  checkValidity,
  createPathLengthBudget,
} from './certificate-checks.js';
import { parseCrl } from '../ca/crl.js';
import { createNameConstraintsState } from './name-constraints.js';
import { createPathBuilder } from './path-builder.js';
import { checkProfile } from './profile-checks.js';
import { checkRevocation } from './revocation-check.js';
import type * as x509 from '../x509.js';

export type { CertificateInput } from './certificate-input.js';
export type { CertificatePurpose } from './certificate-checks.js';
export type CrlInput = x509.X509Crl | string | Uint8Array;

export const DEFAULT_MAX_CHAIN_LENGTH = 5;
/** Issuer candidates examined while building, and full candidate paths checked. */
const MAX_BUILD_WORK = 64;
const MAX_CANDIDATE_PATHS = 4;
const MAX_INTERMEDIATES = 16;

export interface ValidateCertificatePathOptions {
  leaf: CertificateInput;
  intermediates?: readonly CertificateInput[];
  trustAnchors: readonly CertificateInput[];
  at: Date;
  purpose: CertificatePurpose;
  crls?: readonly CrlInput[];
  /** When true the leaf must be covered by a CRL; intermediates are checked whenever a CRL from their issuer is given. */
  requireRevocationCheck: boolean;
  /** Certificates in the path, leaf and anchor included (default 5). */
  maxChainLength?: number;
}

export interface ValidatedPath {
  /** Leaf first, trust anchor last. */
  chain: x509.X509Certificate[];
  leaf: x509.X509Certificate;
  trustAnchor: x509.X509Certificate;
  /** Whether a CRL covered the leaf. */
  revocationChecked: boolean;
  /** The window in which this result holds: every certificate valid and every deciding CRL fresh. */
  validFrom: Date;
  validUntil: Date;
}

export async function validateCertificatePath(options: ValidateCertificatePathOptions): Promise<ValidatedPath> {
  const maxChainLength = options.maxChainLength ?? DEFAULT_MAX_CHAIN_LENGTH;
  if (!Number.isInteger(maxChainLength) || maxChainLength < 1) throw new TypeError('maxChainLength must be ≥ 1');
  if (options.trustAnchors.length === 0) throw new TypeError('at least one trust anchor is required');
  const leaf = parseCertificate(options.leaf);
  const supplied = options.intermediates ?? [];
  if (supplied.length > MAX_INTERMEDIATES) {
    throw new CertificatePathWorkExceededError(`中间证书超过 ${MAX_INTERMEDIATES} 个`);
  }
  const intermediates = supplied.map(parseCertificate);
  const anchors = options.trustAnchors.map(parseCertificate);
  const crls = (options.crls ?? []).map(parseCrl);

  const builder = createPathBuilder(leaf, intermediates, anchors, { maxChainLength, maxWork: MAX_BUILD_WORK });
  let firstError: HubError | undefined;
  let tried = 0;
  for (const path of builder.paths()) {
    try {
      return await checkPath(path, options, crls);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      firstError ??= error;
      tried += 1;
      if (tried >= MAX_CANDIDATE_PATHS) break;
    }
  }
  throw firstError ?? builder.failure();
}

async function checkPath(
  path: x509.X509Certificate[],
  options: ValidateCertificatePathOptions,
  crls: readonly x509.X509Crl[],
): Promise<ValidatedPath> {
  const { at } = options;
  const top = path.length - 1;
  const pathLength = createPathLengthBudget();
  const names = createNameConstraintsState();
  for (let i = top; i >= 0; i -= 1) {
    const certificate = path[i] as x509.X509Certificate;
    if (i < top) await checkSignature(certificate, path[i + 1] as x509.X509Certificate);
    checkValidity(certificate, at);
    checkCriticalExtensions(certificate);
    if (i >= 1) checkIssuer(certificate);
    checkProfile(certificate, i === top ? 'anchor' : i === 0 ? 'leaf' : 'intermediate');
    // §6.1.3 (b)/(c): self-issued intermediates are exempt from name constraints; the leaf never is.
    if (i < top && (i === 0 || !isSelfIssued(certificate))) names.check(certificate);
    // Absorbing the leaf too refuses name constraints on an end entity (they bind nothing below it).
    names.absorb(certificate);
    if (i >= 1) pathLength.visit(certificate, i === top);
  }
  const leaf = path[0] as x509.X509Certificate;
  checkLeafPurpose(leaf, options.purpose);

  let validFrom = Math.max(...path.map((c) => c.notBefore.getTime()));
  let validUntil = Math.min(...path.map((c) => c.notAfter.getTime()));
  let revocationChecked = false;
  for (let i = 0; i < top; i += 1) {
    const result = await checkRevocation({
      certificate: path[i] as x509.X509Certificate,
      issuer: path[i + 1] as x509.X509Certificate,
      crls,
      at,
      required: i === 0 && options.requireRevocationCheck,
    });
    if (i === 0) revocationChecked = result.checked;
    if (result.crl) {
      validFrom = Math.max(validFrom, result.crl.thisUpdate.getTime());
      validUntil = Math.min(validUntil, (result.crl.nextUpdate as Date).getTime());
    }
  }
  return {
    chain: path,
    leaf,
    trustAnchor: path[top] as x509.X509Certificate,
    revocationChecked,
    validFrom: new Date(validFrom),
    validUntil: new Date(validUntil),
  };
}
