/**
 * @module core/verification/find-license
 * The "find" step of verification, for both ways a licence reaches a clerk: asked for by its GB/T
 * 36904 identifier (check character first) or printed number (+ type), or presented by the holder —
 * the sealed JWS from a file or QR code, or the short QR form `ZZ1:<licence id>:<SHA-256 of the JWS,
 * hex>` that points at a licence the hub holds.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { parseLicenseIdentifier } from '../identifiers/license-identifier.js';
import type { LicenseFacts } from '../licenses/license-row-mac.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { VerificationRequest } from './verification.js';
import { LicenseAmbiguousError } from './verification-errors.js';

export const QR_PREFIX = 'ZZ1:';
const QR = /^ZZ1:([^:]{1,200}):([0-9a-f]{64})$/;

export function qrPayload(licenseId: string, jws: string): string {
  return `${QR_PREFIX}${licenseId}:${createHash('sha256').update(jws).digest('hex')}`;
}

/** The licence asked for, or `undefined`; by number, the current version of its one lineage. */
export async function findRequested(
  licenses: Pick<LicenseRepository, 'facts' | 'factsByNumber'>,
  request: Pick<VerificationRequest, 'licenseId' | 'number' | 'typeCode'>,
): Promise<LicenseFacts | undefined> {
  if (request.licenseId !== undefined) {
    parseLicenseIdentifier(request.licenseId);
    return licenses.facts(request.licenseId);
  }
  const found = await licenses.factsByNumber(request.number as string, request.typeCode);
  const lineages = new Set(found.map((l) => `${l.typeCode}/${l.issuer.uscc}`));
  if (lineages.size > 1) {
    throw new LicenseAmbiguousError('this number belongs to licences of several types or issuers; give typeCode', {
      extra: { candidates: [...lineages].map((l) => ({ typeCode: l.split('/')[0], issuer: l.split('/')[1] })) },
    });
  }
  // findByNumber lists the newest first.
  return found[0];
}

/** What was presented: a QR reference to a stored licence, or a JWS to check on its own. */
export type Presented = { qr: { licenseId: string; digest: string } } | { jws: string };

export function readPresented(presented: string): Presented {
  const text = presented.trim();
  const qr = QR.exec(text);
  if (qr) {
    parseLicenseIdentifier(qr[1] as string);
    return { qr: { licenseId: qr[1] as string, digest: qr[2] as string } };
  }
  if (text.startsWith(QR_PREFIX)) {
    throw new ValidationError('malformed QR payload', {
      errors: [{ pointer: '', detail: `expected ${QR_PREFIX}<licence id>:<sha256 hex>` }],
    });
  }
  return { jws: text };
}

/** The stored licence a QR reference names, only when its JWS is exactly the one referenced. */
export async function findByQr(licenses: Pick<LicenseRepository, 'facts'>, qr: { licenseId: string; digest: string }) {
  const license = await licenses.facts(qr.licenseId);
  return license && license.digest === qr.digest ? license : undefined;
}
